import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';

/**
 * Basic credentials checked against a bcrypt htpasswd file, as distribution's `htpasswd` auth does.
 * bcrypt costs tens of milliseconds by design; a header already verified is remembered (by its hash)
 * so the one client, core, does not pay that on every request.
 */
export class Htpasswd {
  private readonly users = new Map<string, string>();
  private readonly verified = new Set<string>();

  constructor(file: string) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) this.users.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
  }

  async check(authorization: string | undefined): Promise<boolean> {
    if (!authorization?.startsWith('Basic ')) return false;
    const key = createHash('sha256').update(authorization).digest('hex');
    if (this.verified.has(key)) return true;
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const hash = colon > 0 ? this.users.get(decoded.slice(0, colon)) : undefined;
    // htpasswd -B writes $2y$, which is the same algorithm bcryptjs knows as $2b$.
    if (!hash || !(await bcrypt.compare(decoded.slice(colon + 1), hash.replace(/^\$2y\$/, '$2b$')))) return false;
    if (this.verified.size >= 64) this.verified.clear(); // bounded: a flood of good passwords cannot grow it
    this.verified.add(key);
    return true;
  }
}
