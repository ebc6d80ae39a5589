/**
 * Maven's version order (ComparableVersion): the version is split into numbers and qualifiers at
 * `.`, `-` and digit/letter changes; a `-` (or a digit/letter change) opens a nested list. Known
 * qualifiers rank alpha < beta < milestone < rc = cr < snapshot < release (`ga`, `final`, ``) < sp,
 * unknown ones after, among themselves as text; trailing zeros and release words don't count.
 */
type Item =
  { kind: 'int'; value: bigint } | { kind: 'string'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };

function stringItem(text: string, followedByDigit: boolean): Item {
  let value = text.toLowerCase();
  if (followedByDigit && value.length === 1)
    value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[value] ?? value;
  return { kind: 'string', value: ALIASES[value] ?? value };
}

/** The sort key of a qualifier: known ones by rank, unknown ones after all of them by text. */
function qualifierKey(value: string): string {
  const rank = QUALIFIERS.indexOf(value);
  return rank >= 0 ? String(rank) : `${QUALIFIERS.length}-${value}`;
}

const isNull = (item: Item): boolean =>
  item.kind === 'int'
    ? item.value === 0n
    : item.kind === 'string'
      ? qualifierKey(item.value) === qualifierKey('')
      : item.items.length === 0;

/** Drops trailing null items of a list (`1.0.0` is `1`), as Maven normalises. */
function normalise(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i]!;
    if (isNull(item)) list.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

function parse(version: string): Item[] {
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let start = 0;
  let digits = false;
  const text = version.trim().toLowerCase();
  const push = (end: number) => {
    const token = text.slice(start, end);
    if (token === '') list.push({ kind: 'int', value: 0n });
    else
      list.push(
        digits ? { kind: 'int', value: BigInt(token) } : stringItem(token, /\d/.test(text[end] ?? '')),
      );
  };
  const openList = () => {
    const nested: Item[] = [];
    list.push({ kind: 'list', items: nested });
    list = nested;
    stack.push(nested);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '.') {
      push(i);
      start = i + 1;
    } else if (c === '-') {
      push(i);
      start = i + 1;
      openList();
    } else if (c >= '0' && c <= '9') {
      if (!digits && i > start) {
        push(i);
        start = i;
        openList();
      }
      digits = true;
      continue;
    } else if (digits && i > start) {
      push(i);
      start = i;
      openList();
    }
    digits = c >= '0' && c <= '9';
  }
  if (text.length > start) push(text.length);
  for (const nested of stack.reverse()) normalise(nested);
  return root;
}

function compareItems(a: Item | undefined, b: Item | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -compareItems(b, undefined);
  if (a.kind === 'int') {
    if (b === undefined) return a.value === 0n ? 0 : 1;
    if (b.kind === 'int') return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
    return 1;
  }
  if (a.kind === 'string') {
    const left = qualifierKey(a.value);
    if (b === undefined) return left === qualifierKey('') ? 0 : left < qualifierKey('') ? -1 : 1;
    if (b.kind !== 'string') return -1;
    const right = qualifierKey(b.value);
    return left === right ? 0 : left < right ? -1 : 1;
  }
  if (b === undefined) {
    const first = a.items[0];
    return first === undefined ? 0 : compareItems(first, undefined);
  }
  if (b.kind === 'int') return -1;
  if (b.kind === 'string') return 1;
  return compareLists(a.items, b.items);
}

function compareLists(a: Item[], b: Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    // A missing item on either side counts as that side's null.
    const result = left === undefined ? -compareItems(right, undefined) : compareItems(left, right);
    if (result !== 0) return result;
  }
  return 0;
}

/** Maven's order of two versions (negative, zero, positive). */
export function compareMavenVersions(a: string, b: string): number {
  return compareLists(parse(a), parse(b));
}
