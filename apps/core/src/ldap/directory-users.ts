import type { EntityManager } from 'typeorm';
import type { LdapUserEntry } from './ldap-session.js';

// Harbor syncs a directory email only when it looks like one.
const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/i;

/**
 * Harbor's OnBoardUser for a directory user: the local row that projects, members and audit logs refer
 * to, created on first sign-in (or import) with no usable password (an empty hash never verifies), its
 * email kept in step with the directory. An email another account already has is left out rather than
 * failing the sign-in.
 */
export async function onboardDirectoryUser(
  manager: EntityManager,
  entry: Pick<LdapUserEntry, 'username' | 'realname' | 'email'>,
): Promise<number> {
  const directoryEmail = entry.email || (entry.username.includes('@') ? entry.username : '');
  const email = await emailFreeFor(manager, entry.username, directoryEmail);
  const existing: { user_id: number; email: string | null }[] = await manager.query(
    'SELECT user_id, email FROM harbor_user WHERE username = $1 AND NOT deleted',
    [entry.username],
  );
  if (existing[0]) {
    const { user_id: userId, email: current } = existing[0];
    if (email && EMAIL.test(email) && email !== current) {
      await manager.query('UPDATE harbor_user SET email = $2, update_time = now() WHERE user_id = $1', [
        userId,
        email,
      ]);
    }
    return userId;
  }
  await manager.query(
    `INSERT INTO harbor_user (username, email, realname, comment, password, salt)
     VALUES ($1, $2, $3, 'from LDAP.', '', '') ON CONFLICT (username) DO NOTHING`,
    [entry.username, email, entry.realname.slice(0, 255)],
  );
  const [row] = (await manager.query('SELECT user_id FROM harbor_user WHERE username = $1', [
    entry.username,
  ])) as [{ user_id: number }];
  return row.user_id;
}

/** The email, or null when it is empty or another account has it. */
async function emailFreeFor(manager: EntityManager, username: string, email: string): Promise<string | null> {
  if (email === '') return null;
  const taken: unknown[] = await manager.query(
    'SELECT 1 FROM harbor_user WHERE email = $1 AND username <> $2',
    [email, username],
  );
  return taken.length ? null : email;
}
