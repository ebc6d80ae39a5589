import type { LanguageEcosystem } from './installed-package.js';

/** Percent-encodes one purl path segment (`@` of npm scopes included, as the purl spec asks). */
const segment = (value: string) => encodeURIComponent(value);
const path = (value: string) => value.split('/').map(segment).join('/');

/**
 * The package URL of a language package, as Trivy writes it: `pkg:npm/%40scope/name@1.0.0`,
 * `pkg:pypi/django@4.2.1`, `pkg:golang/github.com/x/y@v1.2.3`, `pkg:maven/group/artifact@1.0`.
 */
export function languagePurl(ecosystem: LanguageEcosystem, name: string, version: string): string {
  const at = `@${segment(version)}`;
  switch (ecosystem) {
    case 'npm':
      return `pkg:npm/${path(name)}${at}`;
    case 'PyPI':
      return `pkg:pypi/${segment(pythonName(name))}${at}`;
    case 'Go':
      return `pkg:golang/${path(name.toLowerCase())}${at}`;
    case 'Maven': {
      const [group = '', artifact = ''] = name.split(':');
      return `pkg:maven/${segment(group)}/${segment(artifact)}${at}`;
    }
  }
}

/** A Python distribution's normalized name (PEP 503): lower case, runs of `-_.` as one `-`. */
export function pythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
