/** OCI Distribution Spec error codes and their HTTP statuses. */
export const OciErrorCode = {
  BLOB_UNKNOWN: 'BLOB_UNKNOWN',
  BLOB_UPLOAD_INVALID: 'BLOB_UPLOAD_INVALID',
  BLOB_UPLOAD_UNKNOWN: 'BLOB_UPLOAD_UNKNOWN',
  DIGEST_INVALID: 'DIGEST_INVALID',
  MANIFEST_BLOB_UNKNOWN: 'MANIFEST_BLOB_UNKNOWN',
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  MANIFEST_UNKNOWN: 'MANIFEST_UNKNOWN',
  NAME_INVALID: 'NAME_INVALID',
  NAME_UNKNOWN: 'NAME_UNKNOWN',
  SIZE_INVALID: 'SIZE_INVALID',
  UNAUTHORIZED: 'UNAUTHORIZED',
  DENIED: 'DENIED',
  UNSUPPORTED: 'UNSUPPORTED',
  TOOMANYREQUESTS: 'TOOMANYREQUESTS',
  /** Harbor's code for a pull a project policy refuses (412). */
  PROJECTPOLICYVIOLATION: 'PROJECTPOLICYVIOLATION',
  /** Harbor's code for a push or delete an immutable tag rule refuses (412). */
  PRECONDITION: 'PRECONDITION',
} as const;
export type OciErrorCode = (typeof OciErrorCode)[keyof typeof OciErrorCode];

export interface OciErrorBody {
  errors: { code: string; message: string; detail?: unknown }[];
}

export function ociErrorBody(code: OciErrorCode, message: string, detail?: unknown): OciErrorBody {
  return { errors: [detail === undefined ? { code, message } : { code, message, detail }] };
}
