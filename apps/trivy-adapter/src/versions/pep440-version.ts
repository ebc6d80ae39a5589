import { compare, valid } from '@renovatebot/pep440';

/**
 * Python's version order (PEP 440: epochs, dev < pre < release < post, local versions after their
 * public version); versions PEP 440 cannot parse sort before valid ones, among themselves as text.
 */
export function comparePep440Versions(a: string, b: string): number {
  const left = valid(a.trim());
  const right = valid(b.trim());
  if (left && right) return Math.sign(compare(a.trim(), b.trim()));
  if (left || right) return left ? 1 : -1;
  return a === b ? 0 : a < b ? -1 : 1;
}
