import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import type { InstalledPackage } from './installed-package.js';
import { parseRpmHeader, type RpmHeader } from './rpm-header.js';

/** Where rpm 4.16+ keeps its sqlite database (the second on newer Fedora/SUSE layouts). */
export const RPM_SQLITE_PATHS = ['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite'];

// SQLite compiled to WebAssembly: no native build, the same on every machine. Loaded once.
const require = createRequire(import.meta.url);
const SQL = await initSqlJs({ locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`) });

const evr = (epoch: number | undefined, version: string, release: string) =>
  `${epoch ? `${epoch}:` : ''}${version}-${release}`;

/** `openssl-3.0.7-27.el9.src.rpm` as name, version and release (rpm names may contain `-`). */
function sourceOf(header: RpmHeader): { name: string; version: string } {
  const match = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(header.sourceRpm ?? '');
  if (!match) return { name: header.name, version: evr(header.epoch, header.version, header.release) };
  return { name: match[1]!, version: evr(header.epoch, match[2]!, match[3]!) };
}

/**
 * The packages of an rpm sqlite database (rpm 4.16 and later): each row of `Packages` is a header.
 * The version is rpm's `[epoch:]version-release`; the source package comes from SOURCERPM, which
 * Red Hat's advisories name. Public keys rpm stores as `gpg-pubkey` packages are no packages.
 */
export function parseRpmSqlite(database: Uint8Array): InstalledPackage[] {
  let db;
  try {
    db = new SQL.Database(database);
  } catch {
    return [];
  }
  try {
    const packages: InstalledPackage[] = [];
    const rows = db.exec('SELECT blob FROM Packages');
    for (const [blob] of rows[0]?.values ?? []) {
      if (!(blob instanceof Uint8Array)) continue;
      const header = parseRpmHeader(blob);
      if (!header || header.name === 'gpg-pubkey') continue;
      const source = sourceOf(header);
      packages.push({
        name: header.name,
        version: evr(header.epoch, header.version, header.release),
        sourceName: source.name,
        sourceVersion: source.version,
        type: 'rpm',
      });
    }
    return packages;
  } catch {
    // Not rpm's schema (or not a database at all).
    return [];
  } finally {
    db.close();
  }
}
