/** A problem+json error from the server (or a client-side failure), with a stable code and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** The message for one field: fieldError('email') matches the paths 'body.email' and 'email'. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.path === `body.${field}` || e.path === field)?.message;
  }
}

type Problem = { code?: string; detail?: string; title?: string; message?: string; errors?: { path: string; message: string }[] };
type Options = { method?: string; body?: unknown; signal?: AbortSignal };

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Calls the Portico API (same origin, session cookie); throws ApiError on any non-2xx answer. */
export async function api<T>(path: string, opts: Options = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      credentials: 'same-origin',
      headers: opts.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The server could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? parse(text) : null;
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as Problem;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, p.code ?? (res.status >= 500 ? 'INTERNAL' : 'UNKNOWN'), p.detail ?? p.message ?? p.title ?? res.statusText, p.errors ?? [], retry > 0 ? retry : null);
  }
  return data as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>(path, { signal });
export const post = <T = unknown>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = (path: string) => api<void>(path, { method: 'DELETE' });

/** Builds a query string from the values that are set. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** A cursor-paged list, as every Portico list endpoint answers. */
export type PageOf<T> = { items: T[]; nextCursor: string | null };
