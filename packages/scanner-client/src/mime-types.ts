/** The media types of the Pluggable Scanner API v1.2 (what Harbor sends and expects). */
export const ScannerMimeTypes = {
  adapterMetadata: 'application/vnd.scanner.adapter.metadata+json; version=1.0',
  scanRequest: 'application/vnd.scanner.adapter.scan.request+json; version=1.0',
  scanResponse: 'application/vnd.scanner.adapter.scan.response+json; version=1.0',
  nativeReport: 'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0',
  genericVulnerabilityReport: 'application/vnd.security.vulnerability.report; version=1.1',
  sbomReport: 'application/vnd.security.sbom.report+json; version=1.0',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
} as const;

/** Vulnerability report types Harbor reads. */
export const VULNERABILITY_REPORT_TYPES: readonly string[] = [
  ScannerMimeTypes.nativeReport,
  ScannerMimeTypes.genericVulnerabilityReport,
];

/** Report types a capability must produce at least one of for Harbor to use it (an SBOM since 2.11). */
export const SUPPORTED_REPORT_TYPES: readonly string[] = [
  ...VULNERABILITY_REPORT_TYPES,
  ScannerMimeTypes.sbomReport,
];

/** The SBOM format Harbor asks for and stores (`sbom_media_types`, `sbom_media_type`). */
export const SPDX_MEDIA_TYPE = 'application/spdx+json';
