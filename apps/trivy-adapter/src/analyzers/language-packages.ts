import { goBinaryPackages, GO_BUILDINFO_MAGIC } from './go-binary.js';
import type { InstalledPackage } from './installed-package.js';
import { JAVA_ARCHIVE, javaArchivePackages } from './java-archive.js';
import { NODE_MODULES_PACKAGE_JSON, parseNodeModulesPackage, parsePackageLock } from './npm-packages.js';
import { parsePythonMetadata, PYTHON_METADATA } from './python-packages.js';

/**
 * The language packages of an image's collected files: npm lockfiles and installed `node_modules`
 * packages, Python distributions, Go binaries (the collector keeps their build information) and
 * Java archives. The same package found twice in one file counts once.
 */
export function languagePackages(files: Map<string, Buffer>): InstalledPackage[] {
  const packages = new Map<string, InstalledPackage>();
  for (const [path, data] of files) {
    let found: InstalledPackage[] = [];
    if (path === 'package-lock.json' || path.endsWith('/package-lock.json'))
      found = parsePackageLock(data.toString('utf8'), path);
    else if (NODE_MODULES_PACKAGE_JSON.test(path))
      found = parseNodeModulesPackage(data.toString('utf8'), path);
    else if (PYTHON_METADATA.test(path)) found = parsePythonMetadata(data.toString('utf8'), path);
    else if (JAVA_ARCHIVE.test(path)) found = javaArchivePackages(data, path);
    else if (data.subarray(0, GO_BUILDINFO_MAGIC.length).equals(GO_BUILDINFO_MAGIC))
      found = goBinaryPackages(data, path);
    for (const pkg of found) packages.set(`${pkg.filePath}\u0000${pkg.name}\u0000${pkg.version}`, pkg);
  }
  return [...packages.values()];
}
