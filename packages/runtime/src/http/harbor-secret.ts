import { timingSafeEqual } from 'node:crypto';

/** The secrets of the two internal callers. */
export interface InternalSecrets {
  coreSecret: string;
  jobserviceSecret: string;
}

/**
 * Internal APIs (jobservice, registryctl) accept only core and jobservice:
 * `Authorization: Harbor-Secret <secret>` with one of their secrets, compared in constant time.
 */
export function harborSecretCheck(secrets: InternalSecrets): (authorization: string | undefined) => boolean {
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
