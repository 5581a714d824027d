import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorCode, Problem } from '../../../contracts/errors.js';
import { AppError } from '../errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Sends an RFC 9457 problem document. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  detail: string,
  extra: Partial<Problem> = {},
): FastifyReply {
  const body: Problem = {
    type: `https://portico.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    requestId: String(reply.request.id),
    ...extra,
  };
  return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
}

/** One error handler for the whole server: every failure leaves as problem+json with a stable code. */
export function registerProblemHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) reply.header(k, v);
      return sendProblem(reply, err.status, err.code, err.message, { ...(err.extra.errors ? { errors: err.extra.errors } : {}), ...(err.extra.allowed ? { allowed: err.extra.allowed } : {}) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => {
        const p = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        return {
          path: [where, p, unknown?.join(',')].filter(Boolean).join('.'),
          message: unknown ? `unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` : v.message ?? 'invalid',
        };
      });
      return sendProblem(reply, 400, 'VALIDATION_FAILED', `Invalid input: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return sendProblem(reply, 500, 'INTERNAL', 'Something went wrong on our side. The request id helps support find it.');
    }
    // Two requests racing for the same unique value (a name, an address): the loser gets 409, not 500.
    const dbCode = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
    if (dbCode === '23505') return sendProblem(reply, 409, 'CONFLICT', 'This already exists. Reload and try again.');
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 413, 'BODY_TOO_LARGE', 'The request body is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    }
    if (err.statusCode === 429) {
      return sendProblem(reply, 429, 'RATE_LIMITED', 'Too many requests. Try again later.');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      if (err instanceof SyntaxError) return sendProblem(reply, 400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
      return sendProblem(reply, err.statusCode, 'VALIDATION_FAILED', err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'INTERNAL', 'Something went wrong on our side. The request id helps support find it.');
  });
}
