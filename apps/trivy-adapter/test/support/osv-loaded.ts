import { setTimeout as sleep } from 'node:timers/promises';

const SOURCES = 'harbor.scanner-adapter/vulnerability-database-sources';

/**
 * Waits until the adapter reports the OSV export a test dropped into its folder as loaded (it looks every
 * few seconds), and returns its metadata properties. Not "ready": the fixtures' records date from 2024,
 * so the adapter says, truthfully, that its database is stale — and it still scans.
 */
export async function untilOsvLoaded(
  readProperties: () => Promise<Record<string, string> | undefined>,
  records: number,
  timeoutMs = 60_000,
): Promise<Record<string, string>> {
  const loaded = `osv (${records} records)`;
  let properties: Record<string, string> = {};
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(500)) {
    properties = (await readProperties()) ?? {};
    if (properties[SOURCES] === loaded) return properties;
  }
  throw new Error(`the adapter did not load ${loaded}: ${JSON.stringify(properties)}`);
}
