import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PrivateCa {
  /** The server certificate (for 127.0.0.1) and its key, as files in `dir`. */
  certificate: string;
  key: string;
  /** The PEM of the CA that signed it: unknown to the system's trust store. */
  caCertificate: string;
}

/** A CA made for one test, and a server certificate for 127.0.0.1 it signed, written by openssl into `dir`. */
export function privateCa(dir: string): PrivateCa {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=harbor-ts test CA',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.crt'),
    '-days',
    '1',
    '-extfile',
    file('san.ext'),
  );
  return {
    certificate: file('server.crt'),
    key: file('server.key'),
    caCertificate: readFileSync(file('ca.crt'), 'utf8'),
  };
}
