import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';

/** Harbor's project role ids. */
export const ROLES = { projectAdmin: 1, developer: 2, guest: 3, maintainer: 4, limitedGuest: 5 } as const;
export const ROLE_IDS = [1, 4, 2, 3, 5] as const;

const roleKeys: Record<number, MessageKey> = {
  1: 'role.project_admin',
  2: 'role.developer',
  3: 'role.guest',
  4: 'role.maintainer',
  5: 'role.limited_guest',
};

export function roleKey(roleId: number | undefined): MessageKey | null {
  return roleId ? (roleKeys[roleId] ?? null) : null;
}

export function RoleName({ roleId }: { roleId: number | undefined }) {
  const { t } = useI18n();
  const key = roleKey(roleId);
  return <>{key ? t(key) : '—'}</>;
}
