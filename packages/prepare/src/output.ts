import { chmodSync, chownSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One file prepare will write; everything is rendered into these before anything touches the disk. */
export interface OutputFile {
  path: string;
  content: string;
  mode: number;
  /** Mode of the folders created for it (secrets live in 0700 folders). */
  dirMode?: number;
  /** uid/gid to own it (docker mode, so containers running as an unprivileged user can read it). */
  owner?: { uid: number; gid: number };
}

/** Writes each file atomically (temp file + rename) so a crash never leaves half a config behind. */
export function writeOutputs(files: OutputFile[]): void {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true, mode: file.dirMode ?? 0o755 });
    if (file.dirMode !== undefined) chmodSync(dirname(file.path), file.dirMode);
    const temp = `${file.path}.tmp-${process.pid}`;
    writeFileSync(temp, file.content, { mode: file.mode });
    chmodSync(temp, file.mode); // the umask may have narrowed the mode given to writeFileSync
    if (file.owner && process.getuid?.() === 0) {
      chownSync(temp, file.owner.uid, file.owner.gid);
      chownSync(dirname(file.path), file.owner.uid, file.owner.gid);
    }
    renameSync(temp, file.path);
  }
}
