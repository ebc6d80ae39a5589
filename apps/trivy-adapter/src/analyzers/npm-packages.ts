import type { InstalledPackage } from './installed-package.js';
import { languagePurl } from './language-purl.js';

/** A `package.json` directly inside a `node_modules` package directory (scoped or not). */
export const NODE_MODULES_PACKAGE_JSON = /(^|\/)node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/;

function npmPackage(name: string, version: string, type: string, filePath: string): InstalledPackage {
  return {
    name,
    version,
    sourceName: name,
    sourceVersion: version,
    ecosystem: 'npm',
    type,
    filePath,
    purl: languagePurl('npm', name, version),
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The package an installed `node_modules/<name>/package.json` describes (Trivy's `node-pkg`). */
export function parseNodeModulesPackage(text: string, filePath: string): InstalledPackage[] {
  const json = parseJson(text);
  const name = json?.name;
  const version = json?.version;
  if (typeof name !== 'string' || typeof version !== 'string' || !name || !version) return [];
  return [npmPackage(name, version, 'node-pkg', filePath)];
}

interface LockEntry {
  version?: unknown;
  name?: unknown;
  dev?: unknown;
  link?: unknown;
  dependencies?: unknown;
}

/**
 * The packages a `package-lock.json` pins (Trivy's `npm`): lockfile v2/v3 `packages` keyed by
 * `node_modules/...` path, or v1's nested `dependencies`. Development-only dependencies, links and
 * the project itself are left out, as Trivy leaves them out by default.
 */
export function parsePackageLock(text: string, filePath: string): InstalledPackage[] {
  const lock = parseJson(text);
  if (!lock) return [];
  const found = new Map<string, InstalledPackage>();
  const add = (name: string, entry: LockEntry) => {
    if (entry.dev === true || entry.link === true || typeof entry.version !== 'string') return;
    // v1 marks git and tarball dependencies with a URL in `version`: no registry version to match.
    if (/^[a-z+]+:/.test(entry.version)) return;
    found.set(`${name}@${entry.version}`, npmPackage(name, entry.version, 'npm', filePath));
  };
  const packages = lock.packages;
  if (packages && typeof packages === 'object') {
    for (const [path, entry] of Object.entries(packages as Record<string, LockEntry>)) {
      const at = path.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const name = typeof entry.name === 'string' ? entry.name : path.slice(at + 'node_modules/'.length);
      add(name, entry);
    }
    return [...found.values()];
  }
  const walk = (dependencies: unknown) => {
    if (!dependencies || typeof dependencies !== 'object') return;
    for (const [name, entry] of Object.entries(dependencies as Record<string, LockEntry>)) {
      add(name, entry);
      walk(entry.dependencies);
    }
  };
  walk(lock.dependencies);
  return [...found.values()];
}
