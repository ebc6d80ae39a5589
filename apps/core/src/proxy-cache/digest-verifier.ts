import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/**
 * Passes a blob through while hashing it, holding its last chunk back until the digest is checked: a
 * download that does not match its digest never reaches its end, so neither the client nor the cache
 * takes it for the blob (the stream errors instead of ending).
 */
export function digestVerifier(digest: string): Transform {
  const [algorithm, expected] = digest.split(':');
  const hash = createHash(algorithm ?? 'sha256');
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done) {
      const actual = hash.digest('hex');
      if (actual !== expected) return done(new Error(`upstream sent ${algorithm}:${actual} for ${digest}`));
      done(null, held);
    },
  });
}
