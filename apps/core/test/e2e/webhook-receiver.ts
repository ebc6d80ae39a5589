import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { freePort } from '@harbor-ts/testing';

export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A webhook receiver as a CI system runs one: records every delivery, and answers 500 to the first on /flaky. */
export async function startReceiver() {
  const deliveries: Delivery[] = [];
  let flakyAnswered = false;
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/flaky' && !flakyAnswered) {
        flakyAnswered = true;
        res.statusCode = 500;
        res.end('try again');
        return;
      }
      deliveries.push({
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
