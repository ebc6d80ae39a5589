import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import type { Logger } from 'pino';
import { OsvDatabase } from './osv-database.js';
import { osvRecordSchema, type OsvRecord } from './osv-record.js';

/** Every `.json` and `.zip` file under a directory, with what identifies its content now. */
async function exportFiles(dir: string): Promise<{ path: string; signature: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files: { path: string; signature: string }[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(json|zip)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files.push({ path, signature: `${path}:${info.size}:${info.mtimeMs}` });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The records of one JSON text: a record, or an array of them (a bad one is skipped and counted). */
function recordsOf(text: string, bad: { count: number }): OsvRecord[] {
  const parsed = JSON.parse(text) as unknown;
  const records: OsvRecord[] = [];
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    const record = osvRecordSchema.safeParse(item);
    if (record.success) records.push(record.data);
    else bad.count++;
  }
  return records;
}

/** The `.json` entries of an osv.dev per-ecosystem export (`Debian.zip`, `Alpine.zip`). */
async function zipTexts(path: string): Promise<string[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const texts: string[] = [];
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip
          .once('entry', resolve)
          .once('end', () => resolve(undefined))
          .once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) break;
      if (!entry.fileName.endsWith('.json')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      texts.push(Buffer.concat(chunks).toString('utf8'));
    }
  } finally {
    zip.close();
  }
  return texts;
}

/**
 * The OSV exports users drop into `<data>/osv/` (single records, arrays, or osv.dev's ecosystem
 * zips), loaded at start and again whenever the set of files or one of them changes.
 */
export class OsvLoader {
  private signature = '';
  private current = new OsvDatabase([]);

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  get database(): OsvDatabase {
    return this.current;
  }

  /** Reloads when the files changed; a file that cannot be read is logged and skipped. */
  async refresh(): Promise<void> {
    const files = await exportFiles(this.dir);
    const signature = files.map((file) => file.signature).join('\n');
    if (signature === this.signature) return;
    const records: OsvRecord[] = [];
    const bad = { count: 0 };
    for (const file of files) {
      try {
        const texts = file.path.endsWith('.zip')
          ? await zipTexts(file.path)
          : [await readFile(file.path, 'utf8')];
        for (const text of texts) records.push(...recordsOf(text, bad));
      } catch (error) {
        this.logger.warn({ err: error, file: file.path }, 'skipped an unreadable OSV export');
      }
    }
    this.current = new OsvDatabase(records);
    this.signature = signature;
    this.logger.info(
      { dir: this.dir, files: files.length, records: records.length, skipped: bad.count },
      'OSV database loaded',
    );
  }
}
