/** The scanner API's media types this adapter speaks. */
export const MimeTypes = {
  metadata: 'application/vnd.scanner.adapter.metadata+json; version=1.0',
  scanResponse: 'application/vnd.scanner.adapter.scan.response+json; version=1.0',
  error: 'application/vnd.scanner.adapter.error+json; version=1.0',
  vulnerabilityReport: 'application/vnd.security.vulnerability.report; version=1.1',
  sbomReport: 'application/vnd.security.sbom.report+json; version=1.0',
  /** The SBOM format inside an SBOM report (`sbom_media_type`). */
  spdx: 'application/spdx+json',
  harborReport: 'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;
