import type { InstalledPackage } from './installed-package.js';
import { languagePurl } from './language-purl.js';

/** Installed distributions' metadata: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, or an `*.egg-info` file. */
export const PYTHON_METADATA = /(\.dist-info\/METADATA|\.egg-info\/PKG-INFO|\.egg-info)$/;

/**
 * The distribution a core-metadata file describes (its `Name:` and `Version:` headers, which end
 * at the first empty line; Trivy's `python-pkg`).
 */
export function parsePythonMetadata(text: string, filePath: string): InstalledPackage[] {
  const headers = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (match && !headers.has(match[1]!.toLowerCase()))
      headers.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  const name = headers.get('name');
  const version = headers.get('version');
  if (!name || !version) return [];
  return [
    {
      name,
      version,
      sourceName: name,
      sourceVersion: version,
      ecosystem: 'PyPI',
      type: 'python-pkg',
      filePath,
      purl: languagePurl('PyPI', name, version),
    },
  ];
}
