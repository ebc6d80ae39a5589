/** rpm header tags the analyzer reads (rpmtag.h) and the data types they are stored as. */
const TAG = { name: 1000, version: 1001, release: 1002, epoch: 1003, arch: 1022, sourceRpm: 1044 };
const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_I18NSTRING = 9;
const ENTRY_BYTES = 16;

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
}

/**
 * One package's header as rpm stores it in its database (the blob of rpmdb.sqlite's `Packages`
 * table): big-endian index count and data length, index entries (tag, type, offset, count), then
 * the data store. Undefined for a blob that is not a package header.
 */
export function parseRpmHeader(blob: Uint8Array): RpmHeader | undefined {
  const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (data.length < 8) return undefined;
  const indexCount = data.readUInt32BE(0);
  const storeLength = data.readUInt32BE(4);
  const storeStart = 8 + indexCount * ENTRY_BYTES;
  if (storeStart + storeLength > data.length) return undefined;
  const values = new Map<number, string | number>();
  for (let i = 0; i < indexCount; i++) {
    const at = 8 + i * ENTRY_BYTES;
    const tag = data.readUInt32BE(at);
    const type = data.readUInt32BE(at + 4);
    const offset = data.readInt32BE(at + 8);
    if (offset < 0 || offset >= storeLength) continue;
    const start = storeStart + offset;
    if (type === TYPE_STRING || type === TYPE_I18NSTRING) {
      const end = data.indexOf(0, start);
      values.set(tag, data.toString('utf8', start, end < 0 ? storeStart + storeLength : end));
    } else if (type === TYPE_INT32 && start + 4 <= data.length) values.set(tag, data.readUInt32BE(start));
  }
  const text = (tag: number) => {
    const value = values.get(tag);
    return typeof value === 'string' ? value : undefined;
  };
  const name = text(TAG.name);
  const version = text(TAG.version);
  const release = text(TAG.release);
  if (!name || !version || release === undefined) return undefined;
  const epoch = values.get(TAG.epoch);
  return {
    name,
    version,
    release,
    ...(typeof epoch === 'number' ? { epoch } : {}),
    ...(text(TAG.arch) ? { arch: text(TAG.arch) } : {}),
    ...(text(TAG.sourceRpm) ? { sourceRpm: text(TAG.sourceRpm) } : {}),
  };
}
