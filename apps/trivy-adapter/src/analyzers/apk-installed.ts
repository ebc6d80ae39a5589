import type { InstalledPackage } from './installed-package.js';

/** Packages of `lib/apk/db/installed` (`P:` name, `V:` version, `o:` origin, the source package). */
export function parseApkInstalled(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) if (line[1] === ':') fields.set(line[0]!, line.slice(2).trim());
    const name = fields.get('P');
    const version = fields.get('V');
    if (!name || !version) continue;
    packages.push({ name, version, sourceName: fields.get('o') ?? name, sourceVersion: version });
  }
  return packages;
}
