import bcrypt from 'bcryptjs';
import { REGISTRY_USER } from './service-configs.js';

/**
 * distribution's htpasswd format: one bcrypt line for the registry's only user. bcryptjs writes $2b$;
 * the hash is the same algorithm, labelled $2y$ as Apache htpasswd (and Harbor) write it.
 */
export function renderHtpasswd(password: string): string {
  const hash = bcrypt.hashSync(password, 10).replace(/^\$2b\$/, '$2y$');
  return `${REGISTRY_USER}:${hash}\n`;
}
