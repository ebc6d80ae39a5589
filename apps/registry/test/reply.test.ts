import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Reply } from '../src/http/reply.js';

/** The head a Reply writes, captured without a socket. */
function capture(method: string) {
  const sent: { status?: number; headers?: OutgoingHttpHeaders; body?: unknown } = {};
  const raw = {
    headersSent: false,
    writeHead(status: number, headers: OutgoingHttpHeaders) {
      Object.assign(sent, { status, headers });
      return this;
    },
    end(body?: unknown) {
      sent.body = body;
    },
  };
  return { reply: new Reply(raw as unknown as ServerResponse, method), sent };
}

describe('Reply', () => {
  it("gives a body its own length, even after a blob's headers (an error in a blob download)", () => {
    const { reply, sent } = capture('GET');
    reply.headers({ 'content-length': '1048576' }).status(404).send('{"errors":[]}');
    expect(sent.headers?.['content-length']).toBe('13');
  });

  it("keeps the GET's length for a HEAD", () => {
    const { reply, sent } = capture('HEAD');
    reply.headers({ 'content-length': '1048576' }).status(404).send('{"errors":[]}');
    expect(sent.headers?.['content-length']).toBe('1048576');
    const other = capture('HEAD');
    other.reply.status(404).send('{"errors":[]}');
    expect(other.sent.headers?.['content-length']).toBe('13');
  });
});
