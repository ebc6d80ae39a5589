import { unzipSync, zipSync, type Unzipped } from 'fflate';
import type { InstalledPackage } from './installed-package.js';
import { languagePurl } from './language-purl.js';

/** Java archives, whose Maven coordinates the analyzer reads. */
export const JAVA_ARCHIVE = /\.(jar|war|ear|par)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/.+\/pom\.properties$/;
const MANIFEST = 'META-INF/MANIFEST.MF';
/** Archives inside archives (Spring Boot's BOOT-INF/lib, a war's WEB-INF/lib) are read this deep. */
const MAX_DEPTH = 3;

const wanted = (name: string) => name === MANIFEST || POM_PROPERTIES.test(name) || JAVA_ARCHIVE.test(name);

function unzip(archive: Uint8Array): Unzipped | undefined {
  try {
    return unzipSync(archive, { filter: (file) => wanted(file.name) });
  } catch {
    return undefined;
  }
}

/**
 * The archive cut down to what the analyzer reads (pom.properties, the manifest, nested archives
 * cut down the same way), so a collector need not keep whole jars; undefined when it is no zip.
 */
export function reduceJavaArchive(archive: Uint8Array, depth = 0): Buffer | undefined {
  const entries = unzip(archive);
  if (!entries) return undefined;
  const kept: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(entries)) {
    if (!JAVA_ARCHIVE.test(name)) kept[name] = data;
    else if (depth < MAX_DEPTH) {
      const nested = reduceJavaArchive(data, depth + 1);
      if (nested) kept[name] = nested;
    }
  }
  return Buffer.from(zipSync(kept, { level: 0 }));
}

/** `key=value` lines of a .properties file (`#` and `!` comments). */
function properties(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([^#!=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (match) values.set(match[1]!, match[2]!.trim());
  }
  return values;
}

/** Main attributes of a MANIFEST.MF (continuation lines start with one space). */
function manifest(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const unfolded = text.replace(/\r?\n /g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) values.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return values;
}

function mavenPackage(group: string, artifact: string, version: string, filePath: string): InstalledPackage {
  const name = `${group}:${artifact}`;
  return {
    name,
    version,
    sourceName: name,
    sourceVersion: version,
    ecosystem: 'Maven',
    type: 'jar',
    filePath,
    purl: languagePurl('Maven', name, version),
  };
}

/** Coordinates from the manifest when the archive has no pom.properties (as Trivy falls back). */
function fromManifest(text: string, filePath: string): InstalledPackage | undefined {
  const values = manifest(text);
  const artifact = values.get('Implementation-Title') ?? values.get('Specification-Title');
  const version = values.get('Implementation-Version') ?? values.get('Specification-Version');
  const group =
    values.get('Implementation-Vendor-Id') ??
    values
      .get('Bundle-SymbolicName')
      ?.split(';')[0]
      ?.replace(new RegExp(`\\.${artifact}$`), '');
  if (!artifact || !version || !group || /\s/.test(artifact) || /\s/.test(group)) return undefined;
  return mavenPackage(group, artifact, version, filePath);
}

/**
 * The Maven artifacts a Java archive holds (Trivy's `jar`): one per `META-INF/maven/<g>/<a>/pom.properties`,
 * the manifest's coordinates when there is none, and those of the archives nested in it.
 */
export function javaArchivePackages(archive: Uint8Array, filePath: string, depth = 0): InstalledPackage[] {
  const entries = unzip(archive);
  if (!entries) return [];
  const packages: InstalledPackage[] = [];
  for (const [name, data] of Object.entries(entries)) {
    if (!POM_PROPERTIES.test(name)) continue;
    const values = properties(Buffer.from(data).toString('utf8'));
    const group = values.get('groupId');
    const artifact = values.get('artifactId');
    const version = values.get('version');
    if (group && artifact && version) packages.push(mavenPackage(group, artifact, version, filePath));
  }
  if (packages.length === 0 && entries[MANIFEST]) {
    const found = fromManifest(Buffer.from(entries[MANIFEST]).toString('utf8'), filePath);
    if (found) packages.push(found);
  }
  if (depth < MAX_DEPTH)
    for (const [name, data] of Object.entries(entries))
      if (JAVA_ARCHIVE.test(name))
        packages.push(...javaArchivePackages(data, `${filePath}/${name}`, depth + 1));
  return packages;
}
