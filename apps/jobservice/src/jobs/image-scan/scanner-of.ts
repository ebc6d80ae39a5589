import type { ScannerAdapterMetadata } from '@harbor-ts/scanner-client';

/** The scanner as a stored report names it: name, vendor and version from its metadata. */
export function scannerOf(metadata: ScannerAdapterMetadata) {
  const { name, vendor, version } = metadata.scanner;
  return { name, vendor, version };
}
