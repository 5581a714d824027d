/** Stable error codes. The web translates them as `errors.<CODE>`. Never rename one that has shipped. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'MFA_ENROLMENT_REQUIRED',
  'MFA_CHALLENGE_REQUIRED',
  'CSRF_REJECTED',
  'RATE_LIMITED',
  'CONFLICT',
  'INVALID_CREDENTIALS',
  'INVALID_CODE',
  'REAUTH_REQUIRED',
  'INVITATION_INVALID',
  'TOKEN_INVALID',
  'USER_DEACTIVATED',
  'LAST_ADMIN',
  'CANNOT_CHANGE_SELF',
  'INVALID_TRANSITION',
  'REOPEN_WINDOW_CLOSED',
  'TICKET_CLOSED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'UNPROCESSABLE',
  'FORM_INVALID',
  'LOCATION_NOT_ENTITLED',
  'ACCESS_WINDOW_INVALID',
  'CODE_TAKEN',
  'IN_USE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** RFC 9457 problem details as Portico sends them. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  requestId?: string;
  errors?: { path: string; message: string }[];
  /** For INVALID_TRANSITION: the statuses that may follow the current one. */
  allowed?: string[];
};
