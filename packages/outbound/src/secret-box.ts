import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals stored credentials (registry passwords, scanner and webhook auth, OIDC client secrets)
 * with AES-256-GCM under the instance's secret key (`keys/secretkey`, 16 characters). A sealed
 * value is `v1:<base64 iv|tag|ciphertext>`; tampering or another key fails to open, never
 * returns garbage.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secretKey: string) {
    if (secretKey.length < 16) throw new Error('the secret key must hold at least 16 characters');
    // The 16-character key is stretched to AES-256's 32 bytes; it is random already, so a hash suffices.
    this.key = createHash('sha256').update(`harbor-ts secret box\0${secretKey}`).digest();
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || payload === undefined) throw new Error('not a sealed secret');
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed secret is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}:`);
  }
}
