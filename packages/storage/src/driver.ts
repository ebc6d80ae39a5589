import type { Readable } from 'node:stream';

export interface FileInfo {
  size: number;
  modifiedAt: Date;
  isDirectory: boolean;
}

/** What the registry needs from a storage backend; paths are relative to the v2 root, `/`-separated. */
export interface MoveOptions {
  /**
   * The caller has just fdatasync'ed the file itself (a BlobFileWriter with `sync`), so it is not
   * opened again for it.
   */
  synced?: boolean;
  /** The file's size, when the caller knows it (saves a stat). */
  size?: number;
}

export interface StorageDriver {
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Buffer | undefined>;
  /**
   * Replaces the file atomically (temporary file, rename), creating parent folders. `durable` adds an
   * fsync first: needed for content, not for links (a torn link reads as absent, never as wrong).
   * `inPlace` creates a new file directly instead (fails if it exists): for a file in a folder just
   * made, that nothing reads as authoritative while it is being written (an upload's `startedat`).
   */
  write(
    path: string,
    data: Uint8Array | string,
    options?: { durable?: boolean; inPlace?: boolean },
  ): Promise<void>;
  stat(path: string): Promise<FileInfo | undefined>;
  /** Entry names of a folder, or [] when it does not exist. */
  list(path: string): Promise<string[]>;
  /**
   * Removes a file or a whole folder; absent is fine, and answers false. `files`: the folder's
   * entries, when the caller knows them, so that it can be removed with fewer calls (anything else in
   * it is removed too); then the answer is whether the first of them was there.
   */
  delete(path: string, options?: { files?: string[] }): Promise<boolean>;
  /**
   * Atomic rename after fsync; the destination's folder is created. The file joins the recently
   * pushed blobs kept in the page cache (recent-blobs.ts).
   */
  move(from: string, to: string, options?: MoveOptions): Promise<void>;
  readStream(path: string, range?: { start: number; end: number }): Readable;
  /** Absolute path for streaming writers (uploads append here directly). */
  absolute(path: string): string;
}
