import { pythonName } from '../analyzers/language-purl.js';
import type { OsvAffected, OsvRecord } from './osv-record.js';

export interface OsvEntry {
  record: OsvRecord;
  affected: OsvAffected;
}

/** OSV records indexed by ecosystem and package, with the database's age for the metadata. */
export class OsvDatabase {
  private readonly byPackage = new Map<string, OsvEntry[]>();
  readonly size: number;
  /** The newest `modified` among the records (the export's age), if any has one. */
  readonly updatedAt: Date | undefined;

  constructor(records: OsvRecord[]) {
    let newest = 0;
    for (const record of records) {
      const modified = record.modified ? Date.parse(record.modified) : NaN;
      if (Number.isFinite(modified) && modified > newest) newest = modified;
      for (const affected of record.affected) {
        if (!affected.package) continue;
        const key = this.key(affected.package.ecosystem, affected.package.name);
        const entries = this.byPackage.get(key) ?? [];
        entries.push({ record, affected });
        this.byPackage.set(key, entries);
      }
    }
    this.size = records.length;
    this.updatedAt = newest > 0 ? new Date(newest) : undefined;
  }

  /** What the database says about one package of one ecosystem release (`Debian:12`, `openssl`). */
  lookup(ecosystem: string, name: string): OsvEntry[] {
    return this.byPackage.get(this.key(ecosystem, name)) ?? [];
  }

  /** PyPI names match whatever their case and separators (PEP 503), as pip matches them. */
  private key(ecosystem: string, name: string): string {
    return `${ecosystem}\u0000${ecosystem === 'PyPI' ? pythonName(name) : name}`;
  }
}
