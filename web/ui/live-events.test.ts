import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveHub, LIVE_RECONNECTED, type EventSourceLike } from './live-events';

/** A stand-in for the browser's EventSource: the test opens, fails and feeds it. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, l: (ev: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  fail() {
    this.onerror?.(new Event('error'));
  }
  send(type: string, data: string) {
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent);
  }
}

describe('live hub', () => {
  let sources: FakeSource[];
  const hub = () =>
    createLiveHub({
      create: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      lingerMs: 500,
      random: () => 0.5, // no jitter
    });

  beforeEach(() => {
    sources = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shares one stream between listeners and hands each the events it asked for', () => {
    const h = hub();
    const a = vi.fn();
    const b = vi.fn();
    h.subscribe(['ticket.changed'], a);
    h.subscribe(['ticket.changed', 'notification'], b);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('/api/v1/events/stream');
    sources[0]!.open();
    sources[0]!.send('ticket.changed', '{"ticketId":"t1"}');
    sources[0]!.send('notification', '{"id":"n1"}');
    sources[0]!.send('notification', 'not json');
    expect(a.mock.calls).toEqual([['ticket.changed', { ticketId: 't1' }]]);
    expect(b.mock.calls).toEqual([
      ['ticket.changed', { ticketId: 't1' }],
      ['notification', { id: 'n1' }],
      ['notification', {}],
    ]);
    expect(h.connected()).toBe(true);
  });

  it('reconnects with growing delays, tells reconnect listeners, and resets the back-off once open', () => {
    const h = hub();
    const reconnected = vi.fn();
    h.subscribe(['ticket.changed', LIVE_RECONNECTED], reconnected);
    sources[0]!.open();
    sources[0]!.fail();
    expect(sources[0]!.closed).toBe(true);
    expect(h.connected()).toBe(false);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    sources[1]!.fail(); // e.g. the server is restarting: 2 s next
    vi.advanceTimersByTime(1999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);
    sources[2]!.fail();
    vi.advanceTimersByTime(4000);
    sources[3]!.fail();
    vi.advanceTimersByTime(8000);
    sources[4]!.fail();
    vi.advanceTimersByTime(8000); // capped at maxDelayMs
    expect(sources).toHaveLength(6);
    expect(reconnected).not.toHaveBeenCalled();
    sources[5]!.open();
    expect(reconnected).toHaveBeenCalledWith(LIVE_RECONNECTED, {});
    // listeners are attached to the new stream too
    sources[5]!.send('ticket.changed', '{"ticketId":"x"}');
    expect(reconnected).toHaveBeenLastCalledWith('ticket.changed', { ticketId: 'x' });
    sources[5]!.fail();
    vi.advanceTimersByTime(1000); // back to the first delay
    expect(sources).toHaveLength(7);
  });

  it('closes the stream after the last listener left, and keeps it across a quick re-subscribe', () => {
    const h = hub();
    const off = h.subscribe(['ticket.changed'], vi.fn());
    off();
    const off2 = h.subscribe(['notification'], vi.fn());
    vi.advanceTimersByTime(1000);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.closed).toBe(false);
    off2();
    vi.advanceTimersByTime(500);
    expect(sources[0]!.closed).toBe(true);
  });

  it('stops retrying when nobody listens any more', () => {
    const h = hub();
    const off = h.subscribe(['ticket.changed'], vi.fn());
    sources[0]!.fail();
    off();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
  });

  it('a failing handler does not stop the others', () => {
    const h = hub();
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ok = vi.fn();
    h.subscribe(['ticket.changed'], () => {
      throw new Error('boom');
    });
    h.subscribe(['ticket.changed'], ok);
    sources[0]!.send('ticket.changed', '{"ticketId":"t"}');
    expect(ok).toHaveBeenCalledOnce();
    err.mockRestore();
  });
});
