/** A problem+json error from the server, with its stable code and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(detail);
  }
  /** The message for one field, e.g. fieldError('email') for path 'body.email'. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.path === `body.${field}` || e.path === field || e.path.endsWith(`.${field}`))?.message;
  }
}

type Options = { method?: string; body?: unknown; signal?: AbortSignal };

/** Calls the Portico API (same origin, session cookie); throws ApiError on any non-2xx answer. */
export async function api<T>(path: string, opts: Options = {}): Promise<T> {
  const res = await fetch(path, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string; message?: string; errors?: { path: string; message: string }[] };
    const retry = res.headers.get('retry-after');
    throw new ApiError(res.status, p.code ?? 'INTERNAL', p.detail ?? p.message ?? res.statusText, p.errors ?? [], retry ? Number(retry) : null);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>(path);
export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = (path: string) => api<void>(path, { method: 'DELETE' });

/** Builds a query string from the defined values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
