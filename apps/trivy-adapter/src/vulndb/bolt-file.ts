import { closeSync, openSync, readSync } from 'node:fs';

/** BoltDB's on-disk constants (go.etcd.io/bbolt: page.go, db.go). */
const PAGE_HEADER = 16;
const ELEMENT = 16;
const BRANCH_PAGE = 0x01;
const LEAF_PAGE = 0x02;
const BUCKET_LEAF = 0x01;
const MAGIC = 0xed0cdaed;
/** Pages kept in memory; lookups touch few, and trivy.db is far larger than memory should hold. */
const CACHED_PAGES = 4096;

interface Page {
  flags: number;
  count: number;
  /** The page's bytes, header included. */
  data: Buffer;
}

/**
 * Read-only access to a BoltDB file (the format of Trivy's trivy.db), page by page from disk, so a
 * database of hundreds of megabytes is read as far as lookups go and no further.
 */
export class BoltFile {
  private readonly pageSize: number;
  private readonly rootPage: bigint;
  private readonly cache = new Map<bigint, Page>();

  private constructor(private readonly fd: number) {
    const first = this.read(0, 4096);
    this.pageSize = first.readUInt32LE(PAGE_HEADER + 8);
    const metas = [first, this.read(this.pageSize, this.pageSize)].filter(
      (meta) => meta.readUInt32LE(PAGE_HEADER) === MAGIC,
    );
    if (metas.length === 0) throw new Error('not a BoltDB file');
    // The meta page of the newest committed transaction holds the current root.
    const current = metas.reduce((a, b) =>
      b.readBigUInt64LE(PAGE_HEADER + 48) > a.readBigUInt64LE(PAGE_HEADER + 48) ? b : a,
    );
    this.rootPage = current.readBigUInt64LE(PAGE_HEADER + 16);
  }

  static open(path: string): BoltFile {
    return new BoltFile(openSync(path, 'r'));
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The file's top-level buckets. */
  root(): BoltBucket {
    return new BoltBucket(this, this.rootPage, undefined);
  }

  page(id: bigint): Page {
    let page = this.cache.get(id);
    if (!page) {
      const offset = Number(id) * this.pageSize;
      const header = this.read(offset, PAGE_HEADER);
      const overflow = header.readUInt32LE(12);
      page = parsePage(this.read(offset, this.pageSize * (overflow + 1)));
      if (this.cache.size >= CACHED_PAGES) this.cache.clear();
      this.cache.set(id, page);
    }
    return page;
  }

  private read(offset: number, length: number): Buffer {
    const buffer = Buffer.alloc(length);
    const read = readSync(this.fd, buffer, 0, length, offset);
    if (read < PAGE_HEADER) throw new Error(`short read at ${offset}`);
    return buffer;
  }
}

function parsePage(data: Buffer): Page {
  return { flags: data.readUInt16LE(8), count: data.readUInt16LE(10), data };
}

interface LeafElement {
  flags: number;
  key: Buffer;
  value: Buffer;
}

function leafElements(page: Page): LeafElement[] {
  const elements: LeafElement[] = [];
  for (let i = 0; i < page.count; i++) {
    const at = PAGE_HEADER + i * ELEMENT;
    const pos = page.data.readUInt32LE(at + 4);
    const keySize = page.data.readUInt32LE(at + 8);
    const valueSize = page.data.readUInt32LE(at + 12);
    const key = page.data.subarray(at + pos, at + pos + keySize);
    elements.push({
      flags: page.data.readUInt32LE(at),
      key,
      value: page.data.subarray(at + pos + keySize, at + pos + keySize + valueSize),
    });
  }
  return elements;
}

function branchChildren(page: Page): { key: Buffer; child: bigint }[] {
  const children: { key: Buffer; child: bigint }[] = [];
  for (let i = 0; i < page.count; i++) {
    const at = PAGE_HEADER + i * ELEMENT;
    const pos = page.data.readUInt32LE(at);
    const keySize = page.data.readUInt32LE(at + 4);
    children.push({
      key: page.data.subarray(at + pos, at + pos + keySize),
      child: page.data.readBigUInt64LE(at + 8),
    });
  }
  return children;
}

/** A bucket: its B+tree from a root page, or an inline page stored in its parent's value. */
export class BoltBucket {
  constructor(
    private readonly file: BoltFile,
    private readonly rootPage: bigint,
    private readonly inline: Page | undefined,
  ) {}

  /** The nested bucket of that name, if there is one. */
  bucket(name: string): BoltBucket | undefined {
    const element = this.find(Buffer.from(name));
    if (!element || !(element.flags & BUCKET_LEAF)) return undefined;
    return this.child(element.value);
  }

  /** The value stored under a key (not a bucket). */
  get(key: string): Buffer | undefined {
    const element = this.find(Buffer.from(key));
    return element && !(element.flags & BUCKET_LEAF) ? element.value : undefined;
  }

  /** Every key with its value, or its nested bucket. */
  *entries(): Generator<[string, Buffer | BoltBucket]> {
    for (const element of this.leaves(this.inline ?? this.file.page(this.rootPage)))
      yield [
        element.key.toString('utf8'),
        element.flags & BUCKET_LEAF ? this.child(element.value) : element.value,
      ];
  }

  private child(header: Buffer): BoltBucket {
    const root = header.readBigUInt64LE(0);
    return root === 0n
      ? new BoltBucket(this.file, 0n, parsePage(header.subarray(16)))
      : new BoltBucket(this.file, root, undefined);
  }

  private *leaves(page: Page): Generator<LeafElement> {
    if (page.flags & LEAF_PAGE) yield* leafElements(page);
    else if (page.flags & BRANCH_PAGE)
      for (const { child } of branchChildren(page)) yield* this.leaves(this.file.page(child));
  }

  private find(key: Buffer): LeafElement | undefined {
    let page = this.inline ?? this.file.page(this.rootPage);
    while (page.flags & BRANCH_PAGE) {
      const children = branchChildren(page);
      // The last child whose first key is not after the key sought.
      let chosen = children[0]!;
      for (const child of children) {
        if (Buffer.compare(child.key, key) <= 0) chosen = child;
        else break;
      }
      page = this.file.page(chosen.child);
    }
    return leafElements(page).find((element) => element.key.equals(key));
  }
}
