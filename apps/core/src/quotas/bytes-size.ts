const UNIT_LETTERS = 'KMGTPE';

/**
 * Harbor's display size of a storage quota value (`byteCountToDisplaySize`): under 1024 whole bytes
 * (`512 B`), otherwise one decimal of the largest 1024-based unit (`1.0 KiB`, `9.5 MiB`).
 */
export function bytesSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let divisor = 1024;
  let exponent = 0;
  for (let n = Math.floor(bytes / 1024); n >= 1024; n = Math.floor(n / 1024)) {
    divisor *= 1024;
    exponent++;
  }
  return `${(bytes / divisor).toFixed(1)} ${UNIT_LETTERS[exponent]}iB`;
}
