export {
  authorizationHeaders,
  isScannerAuthType,
  SCANNER_AUTH_TYPES,
  type ScannerAuthType,
} from './authorization.js';
export {
  capabilitiesOf,
  metadataProblem,
  scannerAdapterMetadataSchema,
  type ScannerAdapterMetadata,
} from './metadata.js';
export {
  ScannerMimeTypes,
  SPDX_MEDIA_TYPE,
  SUPPORTED_REPORT_TYPES,
  VULNERABILITY_REPORT_TYPES,
} from './mime-types.js';
export {
  DEFAULT_REFRESH_SECONDS,
  ScannerClient,
  ScannerError,
  type ReportPending,
  type ScannerEndpoint,
  type ScanRequest,
} from './scanner-client.js';
