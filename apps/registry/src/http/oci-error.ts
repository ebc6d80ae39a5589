import { OciErrorCode } from '@harbor-ts/errors';

const STATUS: Record<OciErrorCode, number> = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOOMANYREQUESTS: 429,
  PROJECTPOLICYVIOLATION: 412,
  PRECONDITION: 412,
};

/** An error the client is told about: a spec code, its HTTP status and any headers it needs (Range...). */
export class OciError extends Error {
  readonly status: number;

  constructor(
    readonly code: OciErrorCode,
    message: string,
    options: { status?: number; detail?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'OciError';
    this.status = options.status ?? STATUS[code];
    this.detail = options.detail;
    this.headers = options.headers ?? {};
  }

  readonly detail: unknown;
  readonly headers: Record<string, string>;
}

export const nameInvalid = (message = 'invalid repository name') =>
  new OciError(OciErrorCode.NAME_INVALID, message);
export const digestInvalid = (message: string) => new OciError(OciErrorCode.DIGEST_INVALID, message);
export const blobUnknown = (digest: string) =>
  new OciError(OciErrorCode.BLOB_UNKNOWN, 'blob unknown to registry', { detail: { digest } });
export const uploadUnknown = () =>
  new OciError(OciErrorCode.BLOB_UPLOAD_UNKNOWN, 'blob upload unknown to registry');
export const manifestUnknown = (reference: string) =>
  new OciError(OciErrorCode.MANIFEST_UNKNOWN, 'manifest unknown', { detail: { reference } });
export const deletionDisabled = () =>
  new OciError(OciErrorCode.UNSUPPORTED, 'deletion is disabled on this registry');
