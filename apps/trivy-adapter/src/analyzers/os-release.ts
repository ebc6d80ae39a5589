import type { OsRelease } from './installed-package.js';

/** `ID` and `VERSION_ID` of an os-release file; undefined without an ID. */
export function parseOsRelease(text: string): OsRelease | undefined {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values.set(match[1]!, match[2]!.replace(/^["']|["']$/g, ''));
  }
  const id = values.get('ID');
  return id ? { id, versionId: values.get('VERSION_ID') ?? '' } : undefined;
}

/** The OSV ecosystem of a distribution release (`Debian:12`, `Alpine:v3.19`), if harbor-ts knows it. */
export function osvEcosystem(os: OsRelease): string | undefined {
  if (os.id === 'debian') return `Debian:${os.versionId.split('.')[0]}`;
  if (os.id === 'alpine') return `Alpine:v${os.versionId.split('.').slice(0, 2).join('.')}`;
  if (os.id === 'ubuntu') return `Ubuntu:${os.versionId}`;
  if (os.id === 'rocky') return `Rocky Linux:${os.versionId.split('.')[0]}`;
  if (os.id === 'almalinux') return `AlmaLinux:${os.versionId.split('.')[0]}`;
  return undefined;
}
