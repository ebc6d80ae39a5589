import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { DigestAlgorithm } from '@harbor-ts/oci';

/** Bytes shared with the worker: chunks are copied in, hashed in place, and the space reused. */
const RING_BYTES = 8 << 20;
/** Ask the worker to report progress after this many bytes. */
const ACK_EVERY = 1 << 20;

// Runs in the worker (CommonJS, since it is evaluated from a string: the same code then works from
// dist/ and from TypeScript sources under the test runner). One hash object per upload.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const ring = new Uint8Array(workerData.ring);
const hashes = new Map();
let processed = 0;
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    const hash = hashes.get(m.id);
    const first = Math.min(m.length, ring.length - m.start);
    if (hash) {
      hash.update(ring.subarray(m.start, m.start + first));
      if (first < m.length) hash.update(ring.subarray(0, m.length - first));
    }
    processed += m.length;
    if (m.ack) parentPort.postMessage({ op: 'ack', processed });
  } else if (m.op === 'create') {
    hashes.set(m.id, createHash(m.algorithm));
  } else if (m.op === 'digest') {
    const hash = hashes.get(m.id);
    parentPort.postMessage({ op: 'digest', seq: m.seq, hex: hash ? hash.copy().digest('hex') : undefined });
  } else if (m.op === 'drop') {
    hashes.delete(m.id);
  }
});
`;

/**
 * SHA-256/512 of uploads computed on a worker thread, so the event loop only moves bytes and hashing
 * overlaps socket reads and file writes. Chunks go through a fixed shared ring buffer: no per-chunk
 * allocation, and memory stays the same whatever the blob size or the number of uploads.
 */
@Injectable()
export class DigestWorker implements OnModuleDestroy {
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly view = new Uint8Array(this.ring);
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring: this.ring } });
  /** Bytes copied into the ring / hashed by the worker, since start. */
  private sent = 0;
  private processed = 0;
  private sinceAck = 0;
  private nextId = 0;
  private nextSeq = 0;
  private waiting: { needed: number; resolve: () => void }[] = [];
  private readonly digests = new Map<number, (hex: string | undefined) => void>();

  constructor() {
    this.worker.unref();
    this.worker.on('message', (m: { op: string; processed?: number; seq?: number; hex?: string }) => {
      if (m.op === 'ack') {
        this.processed = m.processed ?? this.processed;
        const ready = this.waiting.filter((w) => this.free() >= w.needed);
        this.waiting = this.waiting.filter((w) => this.free() < w.needed);
        ready.forEach((w) => w.resolve());
      } else if (m.op === 'digest' && m.seq !== undefined) {
        this.digests.get(m.seq)?.(m.hex);
        this.digests.delete(m.seq);
      }
    });
  }

  private free(): number {
    return RING_BYTES - (this.sent - this.processed);
  }

  create(algorithm: DigestAlgorithm): number {
    const id = this.nextId++;
    this.worker.postMessage({ op: 'create', id, algorithm });
    return id;
  }

  /** Hashes `data` after everything queued before it; resolves once it is copied into the ring. */
  async update(id: number, data: Uint8Array): Promise<void> {
    for (let offset = 0; offset < data.length; offset += RING_BYTES / 2) {
      const piece = data.subarray(offset, Math.min(offset + RING_BYTES / 2, data.length));
      while (this.free() < piece.length) {
        // Only one writer runs between awaits, so the space seen free here is still free after.
        this.worker.postMessage({ op: 'update', id, start: 0, length: 0, ack: true });
        await new Promise<void>((resolve) => this.waiting.push({ needed: piece.length, resolve }));
      }
      this.copyIn(id, piece);
    }
  }

  private copyIn(id: number, piece: Uint8Array): void {
    const start = this.sent % RING_BYTES;
    const first = Math.min(piece.length, RING_BYTES - start);
    this.view.set(piece.subarray(0, first), start);
    if (first < piece.length) this.view.set(piece.subarray(first), 0);
    this.sent += piece.length;
    this.sinceAck += piece.length;
    const ack = this.sinceAck >= ACK_EVERY;
    if (ack) this.sinceAck = 0;
    this.worker.postMessage({ op: 'update', id, start, length: piece.length, ack });
  }

  /** Synchronous fast path for the common case (room in the ring); false when the caller must await update(). */
  tryUpdate(id: number, data: Uint8Array): boolean {
    if (this.waiting.length > 0 || data.length > RING_BYTES / 2 || this.free() < data.length) return false;
    this.copyIn(id, data);
    return true;
  }

  /** The hex digest of everything queued so far for `id` (messages are processed in order). */
  digest(id: number): Promise<string | undefined> {
    const seq = this.nextSeq++;
    return new Promise((resolve) => {
      this.digests.set(seq, resolve);
      this.worker.postMessage({ op: 'digest', id, seq });
    });
  }

  drop(id: number): void {
    this.worker.postMessage({ op: 'drop', id });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.terminate();
  }
}
