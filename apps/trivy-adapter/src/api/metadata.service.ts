import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { SCANNER } from '../scans/scanner-identity.js';
import type { TrivyCli } from '../trivy-cli/trivy-cli.js';
import type { OsvSource } from '../vulndb/osv-source.js';
import type { TrivySource } from '../vulndb/trivy-source.js';
import { MimeTypes } from './mime-types.js';

/** The adapter's metadata: what it scans, what it produces, and how old its database is. */
export class MetadataService {
  constructor(
    private readonly config: TrivyAdapterConfig,
    private readonly osv: OsvSource,
    private readonly trivy: TrivySource,
    private readonly trivyCli: TrivyCli,
  ) {}

  async describe() {
    const osv = await this.osv.current();
    const trivy = this.trivy.current();
    const records = osv.size > 0 || trivy?.loaded;
    const updatedAt = (trivy?.loaded ? this.trivy.updatedAt() : undefined) ?? osv.updatedAt;
    const ageHours = updatedAt ? (Date.now() - updatedAt.getTime()) / 3_600_000 : undefined;
    const status = !records
      ? 'missing'
      : ageHours !== undefined && ageHours > this.config.staleAfterHours
        ? 'stale'
        : 'ready';
    const cli = this.trivyCli.engine;
    return {
      scanner: cli ? this.trivyCli.scannerIdentity(cli) : SCANNER,
      capabilities: [
        {
          type: 'vulnerability',
          consumes_mime_types: [MimeTypes.ociManifest, MimeTypes.dockerManifest],
          produces_mime_types: [MimeTypes.vulnerabilityReport],
        },
        {
          type: 'sbom',
          consumes_mime_types: [MimeTypes.ociManifest, MimeTypes.dockerManifest],
          produces_mime_types: [MimeTypes.sbomReport],
          additional_attributes: { sbom_media_types: [MimeTypes.spdx] },
        },
      ],
      properties: {
        'harbor.scanner-adapter/scanner-type': 'os-package-vulnerability',
        'harbor.scanner-adapter/registry-authorization-type': 'Basic',
        'harbor.scanner-adapter/vulnerability-database-status': status,
        'harbor.scanner-adapter/vulnerability-database-sources': [
          trivy?.loaded ? 'trivy.db' : '',
          osv.size > 0 ? `osv (${osv.size} records)` : '',
        ]
          .filter(Boolean)
          .join(', '),
        ...(updatedAt
          ? { 'harbor.scanner-adapter/vulnerability-database-updated-at': updatedAt.toISOString() }
          : {}),
        'harbor.scanner-adapter/engine': cli ? 'trivy-cli' : 'built-in',
        'env.SCANNER_OFFLINE_SCAN': String(cli ? (this.config.trivy?.offlineScan ?? false) : true),
        'env.SCANNER_IGNORE_UNFIXED': String(this.config.scan.ignoreUnfixed),
      },
    };
  }
}
