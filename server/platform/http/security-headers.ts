import type { FastifyInstance } from 'fastify';

/**
 * Security headers, computed once and set in one onSend hook. (@fastify/helmet set the same headers
 * but its per-request middleware halved throughput; see docs/adr/0003-security-headers.md.)
 * Documents (the SPA) get the full browser set; JSON answers under /api/ get the smaller set OWASP
 * recommends for REST APIs: nothing may run or frame them, and nothing is cached.
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'", // Mantine writes CSS variables into a style element
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  const headers: Record<string, string> = {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  const api: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...(opts.https ? { 'strict-transport-security': headers['strict-transport-security']! } : {}),
  };
  const documentNoCsp = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'content-security-policy'));
  const apiNoCsp = Object.fromEntries(Object.entries(api).filter(([k]) => k !== 'content-security-policy'));
  // A synchronous hook with one headers() call: this runs on every answer, so it stays cheap.
  app.addHook('onSend', (req, reply, payload, done) => {
    const isApi = req.url.startsWith('/api/') && !req.url.startsWith('/api/docs');
    // A route that sets its own CSP (the API docs page) keeps it.
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', isApi ? api['content-security-policy'] : csp);
    reply.headers(isApi ? apiNoCsp : documentNoCsp);
    reply.header('x-request-id', req.id);
    done(null, payload);
  });
}
