import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

/**
 * Live updates from the server: one EventSource per browser tab to GET /api/v1/events/stream, shared
 * by every component that listens. Messages carry ids only (server/platform/realtime.ts); a listener
 * refetches through the normal API, which checks visibility again.
 *
 * Events the server sends today:
 * - `ticket.changed` `{ ticketId }`: to whoever may see the ticket (internal changes to staff only).
 * - `notification` `{ id }`: to the notice's recipient.
 *
 * The stream is opened with the first listener and closed shortly after the last one leaves. When it
 * fails it is reopened with back-off (1 s doubling to 60 s, with jitter); after a reconnect listeners
 * of LIVE_RECONNECTED are told, because messages sent while the stream was down are lost.
 */
export const LIVE_STREAM_URL = '/api/v1/events/stream';

/** A pseudo event dispatched locally after the stream came back from a failure (no data). */
export const LIVE_RECONNECTED = 'live.reconnected';

export type LiveEventName = 'ticket.changed' | 'notification' | typeof LIVE_RECONNECTED | (string & {});
export type LiveEventData = Record<string, string | number | boolean | null>;
export type LiveEventHandler = (name: string, data: LiveEventData) => void;

/** Just enough of EventSource for the hub (and for tests to hand in a fake). */
export type EventSourceLike = {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
};

export type LiveHubOptions = {
  url?: string;
  /** Creates the EventSource (default: the browser's, with the session cookie). */
  create?: (url: string) => EventSourceLike;
  /** First reconnect delay (ms); doubled per failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long the stream stays open after its last listener left (route changes re-subscribe at once). */
  lingerMs?: number;
  random?: () => number;
};

export type LiveHub = {
  /** Listens for the named events; returns the unsubscribe function. */
  subscribe(names: readonly string[], handler: LiveEventHandler): () => void;
  /** Whether the stream is currently open (for tests and a status dot). */
  connected(): boolean;
  /** Closes the stream and forgets every listener. */
  close(): void;
};

function parseData(raw: unknown): LiveEventData {
  if (typeof raw !== 'string' || raw === '') return {};
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as LiveEventData) : {};
  } catch {
    return {};
  }
}

/** Creates a hub; the app uses the one shared `liveHub` below. */
export function createLiveHub(opts: LiveHubOptions = {}): LiveHub {
  const url = opts.url ?? LIVE_STREAM_URL;
  const create = opts.create ?? ((u: string) => new EventSource(u, { withCredentials: true }) as EventSourceLike);
  const baseDelay = opts.baseDelayMs ?? 1_000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const linger = opts.lingerMs ?? 2_000;
  const random = opts.random ?? Math.random;

  const handlers = new Map<string, Set<LiveEventHandler>>();
  let source: EventSourceLike | null = null;
  /** Event names with a listener attached on the current source. */
  let attached = new Set<string>();
  let failures = 0;
  let isOpen = false;
  /** The stream failed since it was last open: the next open is a reconnect. */
  let broken = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let lingerTimer: ReturnType<typeof setTimeout> | null = null;

  const emit = (name: string, data: LiveEventData) => {
    for (const h of [...(handlers.get(name) ?? [])]) {
      try {
        h(name, data);
      } catch (e) {
        console.error(`live event handler for ${name} failed`, e);
      }
    }
  };

  const attach = (name: string) => {
    if (!source || attached.has(name) || name === LIVE_RECONNECTED) return;
    attached.add(name);
    source.addEventListener(name, (ev) => emit(name, parseData(ev.data)));
  };

  const hasListeners = () => [...handlers.values()].some((s) => s.size > 0);

  const open = () => {
    retryTimer = null;
    if (source || !hasListeners()) return;
    let es: EventSourceLike;
    try {
      es = create(url);
    } catch {
      return scheduleRetry();
    }
    source = es;
    attached = new Set();
    for (const name of handlers.keys()) attach(name);
    es.onopen = () => {
      if (source !== es) return;
      isOpen = true;
      failures = 0;
      if (broken) {
        broken = false;
        emit(LIVE_RECONNECTED, {});
      }
    };
    es.onerror = () => {
      if (source !== es) return;
      // The browser would retry at the server's fixed interval (and not at all after a 401 or 503):
      // take over, so retries back off and always happen while someone listens.
      isOpen = false;
      broken = true;
      es.close();
      source = null;
      scheduleRetry();
    };
  };

  const scheduleRetry = () => {
    if (retryTimer || !hasListeners()) return;
    const delay = Math.min(maxDelay, baseDelay * 2 ** failures);
    failures += 1;
    retryTimer = setTimeout(open, Math.round(delay * (0.75 + random() * 0.5)));
  };

  const shutdown = () => {
    if (retryTimer) clearTimeout(retryTimer);
    if (lingerTimer) clearTimeout(lingerTimer);
    retryTimer = lingerTimer = null;
    source?.close();
    source = null;
    attached = new Set();
    isOpen = false;
    broken = false;
    failures = 0;
  };

  return {
    subscribe(names, handler) {
      if (lingerTimer) {
        clearTimeout(lingerTimer);
        lingerTimer = null;
      }
      for (const name of names) {
        let set = handlers.get(name);
        if (!set) handlers.set(name, (set = new Set()));
        set.add(handler);
        attach(name);
      }
      if (!source && !retryTimer) open();
      return () => {
        for (const name of names) handlers.get(name)?.delete(handler);
        if (!hasListeners() && !lingerTimer) {
          lingerTimer = setTimeout(() => {
            lingerTimer = null;
            if (!hasListeners()) shutdown();
          }, linger);
        }
      };
    },
    connected: () => isOpen,
    close() {
      handlers.clear();
      shutdown();
    },
  };
}

const noopHub: LiveHub = { subscribe: () => () => undefined, connected: () => false, close: () => undefined };

/** The tab's one hub (a no-op where there is no EventSource, e.g. in unit tests under Node). */
export const liveHub: LiveHub = typeof EventSource === 'undefined' ? noopHub : createLiveHub();

/**
 * Calls `onEvent(name, data)` for each named event while the component is mounted. Add
 * LIVE_RECONNECTED to the names to hear when the stream came back (refetch what may have been missed).
 * `onEvent` may change between renders; only a change of the names re-subscribes.
 */
export function useLiveEvents(eventNames: readonly LiveEventName[], onEvent: LiveEventHandler, hub: LiveHub = liveHub): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = eventNames.join('\n');
  useEffect(() => {
    if (!key) return;
    return hub.subscribe(key.split('\n'), (name, data) => handler.current(name, data));
  }, [key, hub]);
}

/**
 * Invalidates TanStack Query keys when one of the named events arrives (and after a reconnect, since
 * events may have been missed). `when` filters events, e.g. only this ticket's:
 *
 *   useLiveInvalidate(['ticket.changed'], [['tickets', 'one', id]], { when: (_, d) => d.ticketId === id });
 */
export function useLiveInvalidate(
  eventNames: readonly LiveEventName[],
  queryKeys: readonly QueryKey[] | ((name: string, data: LiveEventData) => readonly QueryKey[]),
  opts: { when?: (name: string, data: LiveEventData) => boolean; onReconnect?: boolean; hub?: LiveHub } = {},
): void {
  const queryClient = useQueryClient();
  const names = opts.onReconnect === false ? eventNames : [...eventNames, LIVE_RECONNECTED];
  useLiveEvents(
    names,
    (name, data) => {
      const reconnect = name === LIVE_RECONNECTED;
      if (!reconnect && opts.when && !opts.when(name, data)) return;
      const keys = typeof queryKeys === 'function' ? queryKeys(name, data) : queryKeys;
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    },
    opts.hub,
  );
}
