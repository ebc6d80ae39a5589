import type { InstalledPackage } from './installed-package.js';
import { languagePurl } from './language-purl.js';

/** The start of the build information Go 1.18+ links into every binary (`debug/buildinfo`). */
export const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_BYTES = 32;
/** Flag bit: version and module strings follow the header inline (Go 1.18 and later). */
const INLINE_STRINGS = 0x2;
/** The module text is wrapped in 16 sentinel bytes on each side. */
const SENTINEL_BYTES = 16;

export interface GoBuildInfo {
  goVersion: string;
  /** The modules text (`path`, `mod`, `dep`, `=>` lines), as `go version -m` prints it. */
  modules: string;
  /** Where the build information ends, from its magic: what a collector has to keep. */
  length: number;
}

function readVarint(data: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = at; i < data.length && shift < 35; i++) {
    const byte = data[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

/**
 * The build information of a Go binary (or of the slice of it that starts at the magic), as Go
 * 1.18+ writes it. Binaries of older Go, whose strings are pointers into the data segment, give
 * undefined.
 */
export function parseGoBuildInfo(binary: Buffer): GoBuildInfo | undefined {
  for (
    let start = binary.indexOf(GO_BUILDINFO_MAGIC);
    start >= 0;
    start = binary.indexOf(GO_BUILDINFO_MAGIC, start + 1)
  ) {
    const flags = binary[start + 15] ?? 0;
    if (!(flags & INLINE_STRINGS)) continue;
    const version = readVarint(binary, start + HEADER_BYTES);
    if (!version) continue;
    const goVersion = binary.toString('utf8', version.next, version.next + version.value);
    const modules = readVarint(binary, version.next + version.value);
    if (!modules || modules.next + modules.value > binary.length || !goVersion.startsWith('go')) continue;
    const text =
      modules.value >= 2 * SENTINEL_BYTES
        ? binary.toString(
            'utf8',
            modules.next + SENTINEL_BYTES,
            modules.next + modules.value - SENTINEL_BYTES,
          )
        : '';
    return { goVersion, modules: text, length: modules.next + modules.value - start };
  }
  return undefined;
}

/**
 * The modules a Go binary was built from (Trivy's `gobinary`): its main module and every `dep`,
 * with a `=>` replacement line taking the place of the module before it. Versions Go could not
 * know (`(devel)`) name no release and are left out, as Trivy leaves them out.
 */
export function goBinaryPackages(binary: Buffer, filePath: string): InstalledPackage[] {
  const info = parseGoBuildInfo(binary);
  if (!info) return [];
  const modules: { path: string; version: string }[] = [];
  for (const line of info.modules.split('\n')) {
    const [kind, path = '', version = ''] = line.split('\t');
    if (kind === 'mod' || kind === 'dep') modules.push({ path, version });
    else if (kind === '=>' && modules.length > 0) modules[modules.length - 1] = { path, version };
  }
  return modules
    .filter((module) => module.path && module.version && module.version !== '(devel)')
    .map(({ path, version }) => ({
      name: path,
      version,
      sourceName: path,
      sourceVersion: version,
      ecosystem: 'Go' as const,
      type: 'gobinary',
      filePath,
      purl: languagePurl('Go', path, version),
    }));
}
