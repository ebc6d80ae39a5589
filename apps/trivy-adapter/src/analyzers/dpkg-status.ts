import type { InstalledPackage } from './installed-package.js';

/** Paragraphs of a deb822 file (`Field: value`, continuation lines start with a space). */
function paragraphs(text: string): Map<string, string>[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      let last = '';
      for (const line of block.split('\n')) {
        if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)}\n${line.trim()}`);
        else {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          last = line.slice(0, colon).trim();
          fields.set(last, line.slice(colon + 1).trim());
        }
      }
      return fields;
    })
    .filter((fields) => fields.has('Package'));
}

/**
 * Installed packages of `var/lib/dpkg/status` (or a distroless `status.d/*` file, which has no Status
 * field): `Source: name (version)` maps a binary package to the source package advisories name.
 */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const fields of paragraphs(text)) {
    const status = fields.get('Status');
    if (status !== undefined && !/\sinstalled$/.test(status)) continue;
    const name = fields.get('Package')!;
    const version = fields.get('Version');
    if (!version) continue;
    const source = /^(\S+)(?:\s+\((.+)\))?$/.exec(fields.get('Source') ?? '');
    packages.push({
      name,
      version,
      sourceName: source?.[1] ?? name,
      sourceVersion: source?.[2] ?? version,
    });
  }
  return packages;
}
