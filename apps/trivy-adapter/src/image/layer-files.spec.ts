import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { collectImageFiles } from './layer-files.js';

async function layer(files: Record<string, string>, gzip = true): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return gzip ? gzipSync(bytes) : bytes;
}

async function* streams(buffers: Buffer[]) {
  for (const buffer of buffers) yield { stream: Readable.from([buffer]), gzip: buffer[0] === 0x1f };
}

describe('collecting an image’s package databases from its layers', () => {
  it('keeps only wanted files, the last layer winning, and honours whiteouts', async () => {
    const files = await collectImageFiles(
      streams([
        await layer({
          'etc/os-release': 'ID=debian\n',
          'var/lib/dpkg/status': 'old',
          'usr/bin/ls': 'binary',
        }),
        await layer({ './var/lib/dpkg/status': 'new', 'var/lib/dpkg/status.d/tzdata': 'tz' }, false),
        await layer({ 'var/lib/dpkg/status.d/.wh.tzdata': '', 'etc/.wh..wh..opq': '' }),
      ]),
    );
    expect(Object.fromEntries([...files].map(([path, data]) => [path, data.toString()]))).toEqual({
      'var/lib/dpkg/status': 'new',
    });
  });
});
