// A GET that only counts the body's bytes, read into one reused 4 MiB buffer straight off the socket.
// The big pull is timed with it: undici's body stream (a Buffer and a promise per chunk) kept this
// client busier than either server, so both ends measured the client (bench/README.md "pushpull").
import { connect } from 'node:net';

const READ_BUFFER = Buffer.allocUnsafe(4 * 1024 * 1024);
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * `GET path` on `base` (http://host:port, or through `socketPath`), one connection per request.
 * Follows nothing: a redirect comes back as its status. Resolves to the status and body length.
 */
export function leanGet(base, path, headers = {}, socketPath) {
  const url = new URL(path, base);
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let status = 0;
    let expected = -1;
    let bytes = 0;
    const finish = (socket) => {
      socket.destroy();
      resolve({ status, bytes });
    };
    const socket = connect({
      ...(socketPath ? { path: socketPath } : { host: url.hostname, port: Number(url.port) }),
      onread: {
        buffer: READ_BUFFER,
        callback(length, buffer) {
          if (status === 0) {
            head = Buffer.concat([head, buffer.subarray(0, length)]);
            const end = head.indexOf(HEADER_END);
            if (end < 0) return true;
            const text = head.subarray(0, end).toString('latin1');
            status = Number(text.slice(9, 12));
            expected = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? -1);
            bytes = head.length - end - HEADER_END.length;
          } else {
            bytes += length;
          }
          if (expected >= 0 && bytes >= expected) finish(socket);
          return true;
        },
      },
    });
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('end', () => finish(socket));
    socket.on('error', reject);
  });
}
