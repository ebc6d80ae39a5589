import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebounced } from './use-debounced';

/** List state kept in the URL (`?page=&sort=&q=`) so it survives a reload; `update` replaces history. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const page = Math.max(1, Number(params.get('page')) || 1);
  return {
    params,
    update,
    page,
    setPage: (next: number) => update({ page: next === 1 ? null : String(next) }),
  };
}

/**
 * A search box mirrored in the URL parameter `key`: `input` follows the keystrokes, `value` is what the URL
 * holds (updated after a pause, back to page 1). Reloading keeps the search.
 */
export function useUrlSearch(key: string) {
  const [params, setParams] = useSearchParams();
  const value = params.get(key) ?? '';
  const [input, setInput] = useState(value);
  const debounced = useDebounced(input.trim());
  // Only a change of the (debounced) box writes the URL; other URL changes (paging, links) leave it alone.
  useEffect(() => {
    setParams(
      (previous) => {
        if ((previous.get(key) ?? '') === debounced) return previous;
        const next = new URLSearchParams(previous);
        if (debounced) next.set(key, debounced);
        else next.delete(key);
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [debounced, key, setParams]);
  return { input, setInput, value };
}

/**
 * The list's sort in `?sort=` (Harbor's `field` / `-field`), limited to the given fields so a hand-edited URL
 * cannot make core answer 400. Without a valid value, `fallback` applies (and is not written to the URL).
 */
export function useUrlSort(fields: readonly string[], fallback?: string) {
  const { params, update } = useUrlState();
  const raw = params.get('sort') ?? '';
  const valid = fields.includes(raw.replace(/^-/, ''));
  const sort = valid ? raw : fallback;
  const setSort = useCallback(
    (next: string) => update({ sort: next === fallback ? null : next, page: null }),
    [update, fallback],
  );
  return { sort, setSort };
}
