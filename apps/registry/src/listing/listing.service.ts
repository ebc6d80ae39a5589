import { OciErrorCode } from '@harbor-ts/errors';
import { isValidRepositoryName, isValidTag } from '@harbor-ts/oci';
import { layout, type StorageDriver } from '@harbor-ts/storage';
import { OciError } from '../http/oci-error.js';

/** The most entries one page holds, whatever `n` asks for. */
export const MAX_PAGE = 1000;

export interface Page {
  items: string[];
  /** Set when more entries follow: the `last` to ask for next. */
  next?: string;
}

/** Parses `n`: absent → `fallback`, non-numeric → 400, anything above MAX_PAGE → MAX_PAGE. */
export function pageSize(raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  if (!/^\d{1,10}$/.test(raw))
    throw new OciError(OciErrorCode.UNSUPPORTED, `invalid page size n="${raw.slice(0, 20)}"`, {
      status: 400,
    });
  return Math.min(Number(raw), MAX_PAGE);
}

export function paginate(sorted: string[], n: number, last: string | null): Page {
  const start = last === null ? 0 : sorted.findIndex((item) => item > last);
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, n);
  return rest.length > n && items.length > 0 ? { items, next: items[items.length - 1] } : { items };
}

/** Go's sort.Strings order (byte-wise), which the spec names. */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ListingService {
  constructor(private readonly driver: StorageDriver) {}

  async tags(name: string): Promise<string[]> {
    if (!(await this.driver.stat(layout.repository(name)))) {
      throw new OciError(OciErrorCode.NAME_UNKNOWN, 'repository name not known to registry', {
        detail: { name },
      });
    }
    return (await this.driver.list(layout.tagsDir(name))).filter(isValidTag).sort(byteOrder);
  }

  /**
   * Every folder holding `_manifests` or `_layers` is a repository, as distribution's catalog walk
   * decides; the upload purger asks for folders holding `_uploads` instead.
   */
  async repositories(markers: readonly string[] = ['_manifests', '_layers']): Promise<string[]> {
    const found: string[] = [];
    const walk = async (prefix: string): Promise<void> => {
      const entries = await this.driver.list(
        prefix ? `${layout.repositories()}/${prefix}` : layout.repositories(),
      );
      if (prefix && markers.some((marker) => entries.includes(marker))) found.push(prefix);
      for (const entry of entries.filter((e) => !e.startsWith('_'))) {
        const child = prefix ? `${prefix}/${entry}` : entry;
        if (isValidRepositoryName(child)) await walk(child);
      }
    };
    await walk('');
    return found.sort(byteOrder);
  }
}
