import type { ErrorCode } from '../../contracts/errors.js';

/** Base of every error a service may throw on purpose; the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: { path: string; message: string }[]; headers?: Record<string, string>; allowed?: string[] } = {},
  ) {
    super(message);
  }
}
export class NotFoundError extends AppError {
  constructor(what = 'resource') {
    super(404, 'NOT_FOUND', `The ${what} was not found.`);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this.', code: ErrorCode = 'FORBIDDEN') {
    super(403, code, message);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'UNAUTHENTICATED', message);
  }
}
export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string, allowed?: string[]) {
    super(409, code, message, allowed ? { allowed } : {});
  }
}
export class ValidationError extends AppError {
  constructor(errors: { path: string; message: string }[], code: ErrorCode = 'VALIDATION_FAILED', message?: string) {
    super(400, code, message ?? `Invalid input: ${errors.map((e) => `${e.path || '(body)'} ${e.message}`).join('; ')}`, { errors });
  }
}
/**
 * A well-formed request that breaks a domain rule (an order form value against its item's schema, an
 * access window, a location the organisation is not entitled to): 422 naming the fields. Request-shape
 * errors found by the route's zod schema stay 400 VALIDATION_FAILED (ADR 0006).
 */
export class UnprocessableError extends AppError {
  constructor(errors: { path: string; message: string }[], code: ErrorCode = 'UNPROCESSABLE', message?: string) {
    super(422, code, message ?? `Not accepted: ${errors.map((e) => `${e.path || '(body)'} ${e.message}`).join('; ')}`, { errors });
  }
}
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
