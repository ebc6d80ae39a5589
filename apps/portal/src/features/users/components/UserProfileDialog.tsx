import { Dialog } from '../../../components/Dialog';
import { useI18n } from '../../../i18n/I18nProvider';
import type { User } from '../api';
import { CliSecretField } from './CliSecretField';

/**
 * Harbor's User Profile for the signed-in user: who they are and, for a user from the OIDC provider, the
 * CLI secret they use as the password for docker and scripts.
 */
export function UserProfileDialog({
  user,
  open,
  onClose,
}: {
  user: User;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const oidc = user.oidc_user_meta;
  const rows = [
    ['users.username', user.username],
    ['users.email', user.email],
    ['users.realname', user.realname],
    ['users.comment', user.comment],
  ] as const;
  return (
    <Dialog
      open={open}
      title={t('profile.title')}
      onClose={onClose}
      wide
      actions={
        <button type="button" className="btn btn--primary" onClick={onClose}>
          {t('app.close')}
        </button>
      }
    >
      <dl className="profile">
        {rows.map(([key, value]) => (
          <div key={key} className="profile__row">
            <dt>{t(key)}</dt>
            <dd>{value || '—'}</dd>
          </div>
        ))}
      </dl>
      {oidc && <CliSecretField userId={user.user_id} secret={oidc.secret ?? ''} />}
    </Dialog>
  );
}
