import { timingSafeEqual } from 'node:crypto';
import type { RegistryctlConfig } from '@harbor-ts/config';

/** Only core and jobservice may call: `Authorization: Harbor-Secret <secret>` with one of their secrets. */
export function harborSecretCheck(
  secrets: RegistryctlConfig['secrets'],
): (authorization: string | undefined) => boolean {
  const accepted = [secrets.coreSecret, secrets.jobserviceSecret].map((secret) => Buffer.from(secret));
  return (authorization = '') => {
    const presented = Buffer.from(
      authorization.startsWith('Harbor-Secret ') ? authorization.slice('Harbor-Secret '.length) : '',
    );
    return accepted.some(
      (secret) => secret.length === presented.length && timingSafeEqual(secret, presented),
    );
  };
}
