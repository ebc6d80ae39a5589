/** Harbor's error codes (src/lib/errors in Harbor) and the one place that maps them to HTTP. */
export const HarborErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  DIGEST_INVALID: 'DIGEST_INVALID',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  DENIED: 'DENIED',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PRECONDITION: 'PRECONDITION',
  VIOLATE_FOREIGN_KEY_CONSTRAINT: 'VIOLATE_FOREIGN_KEY_CONSTRAINT',
  PROJECT_POLICY_VIOLATION: 'PROJECTPOLICYVIOLATION',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** What go-swagger answers when a parameter breaks the swagger's own limits (e.g. page_size > 100). */
  UNPROCESSABLE_ENTITY: 'UNPROCESSABLE_ENTITY',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type HarborErrorCode = (typeof HarborErrorCode)[keyof typeof HarborErrorCode];

const STATUS: Record<HarborErrorCode, number> = {
  BAD_REQUEST: 400,
  DIGEST_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  DENIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION: 412,
  VIOLATE_FOREIGN_KEY_CONSTRAINT: 412,
  PROJECTPOLICYVIOLATION: 412,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE_ENTITY: 422,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export function harborStatus(code: HarborErrorCode): number {
  return STATUS[code];
}

/** Thrown anywhere in a service; the global filter renders it as Harbor's error body. */
export class HarborError extends Error {
  constructor(
    readonly code: HarborErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HarborError';
  }

  get status(): number {
    return harborStatus(this.code);
  }

  static badRequest(message: string) {
    return new HarborError(HarborErrorCode.BAD_REQUEST, message);
  }
  static unauthorized(message = 'unauthorized') {
    return new HarborError(HarborErrorCode.UNAUTHORIZED, message);
  }
  static forbidden(message = 'forbidden') {
    return new HarborError(HarborErrorCode.FORBIDDEN, message);
  }
  static notFound(message: string) {
    return new HarborError(HarborErrorCode.NOT_FOUND, message);
  }
  static conflict(message: string) {
    return new HarborError(HarborErrorCode.CONFLICT, message);
  }
  static precondition(message: string) {
    return new HarborError(HarborErrorCode.PRECONDITION, message);
  }
}

export interface HarborErrorBody {
  errors: { code: string; message: string }[];
}

export function harborErrorBody(code: string, message: string): HarborErrorBody {
  return { errors: [{ code, message }] };
}
