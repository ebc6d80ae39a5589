import { tryParseDigest, type Digest } from '@harbor-ts/oci';
import type { StorageDriver } from './driver.js';

/** Reads a distribution link file (`sha256:<hex>`); undefined when absent or unreadable. */
export async function readLink(driver: StorageDriver, path: string): Promise<Digest | undefined> {
  const content = await driver.read(path);
  return content ? tryParseDigest(content.toString('utf8').trim()) : undefined;
}

export function writeLink(driver: StorageDriver, path: string, digest: Digest): Promise<void> {
  return driver.write(path, digest.value);
}
