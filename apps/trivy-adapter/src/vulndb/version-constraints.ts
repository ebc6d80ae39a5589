import type { Compare } from './osv-match.js';

const COMPARATOR = /(<=|>=|==|!=|<|>|=)?\s*([^\s,<>=!|]+)/g;

/**
 * Whether a version meets a constraint as Trivy's database writes them for language packages
 * (`< 4.17.21`, `>= 2.0.0, < 2.5.1`, `>=1.0 <2.0 || >=3.0 <3.1`, a bare version meaning `=`):
 * any `||` alternative whose comparators all hold, in the ecosystem's own version order.
 */
export function satisfiesConstraint(version: string, constraint: string, compare: Compare): boolean {
  return constraint.split('||').some((alternative) => {
    const comparators = [...alternative.matchAll(COMPARATOR)];
    if (comparators.length === 0) return false;
    return comparators.every(([, operator = '=', bound = '']) => {
      const order = compare(version, bound);
      switch (operator) {
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
        case '!=':
          return order !== 0;
        default:
          return order === 0;
      }
    });
  });
}

/** The version a patched-versions constraint starts at (`>= 4.17.21` and `4.17.21` give `4.17.21`). */
export function firstPatched(constraint: string): string {
  return constraint.replace(/^\s*(>=|==|=|\^|~)?\s*/, '').split(/[\s,]/)[0] ?? '';
}
