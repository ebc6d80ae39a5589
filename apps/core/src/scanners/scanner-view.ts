import { capabilitiesOf, type ScannerAdapterMetadata } from '@harbor-ts/scanner-client';
import type { ScannerRegistrationRow } from './scanner-registrations.service.js';

/**
 * Harbor's `ScannerRegistration` as the API answers it. The credential is never part of it; health,
 * adapter, vendor, version and capabilities come from the scanner's metadata when it answered.
 */
export function scannerView(
  row: ScannerRegistrationRow,
  outcome?: { metadata: ScannerAdapterMetadata } | { error: string },
) {
  const view = {
    uuid: row.uuid,
    name: row.name,
    description: row.description,
    url: row.url,
    disabled: row.disabled,
    is_default: row.is_default,
    auth: row.auth,
    skip_certVerify: row.skip_cert_verify,
    use_internal_addr: row.use_internal_addr,
    create_time: new Date(row.create_time).toISOString(),
    update_time: new Date(row.update_time).toISOString(),
  };
  if (!outcome) return view;
  if ('error' in outcome) return { ...view, health: 'unhealthy' };
  const { scanner } = outcome.metadata;
  return {
    ...view,
    adapter: scanner.name,
    vendor: scanner.vendor,
    version: scanner.version,
    health: 'healthy',
    capabilities: capabilitiesOf(outcome.metadata),
  };
}
