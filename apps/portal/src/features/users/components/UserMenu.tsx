import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { OIDC_LOGOUT_PATH, SIGN_IN_PATH } from '../../session/redirect';
import { useSignOut } from '../../session/queries';
import { AboutDialog } from '../../systeminfo/components/AboutDialog';
import { systemInfoQuery } from '../../systeminfo/queries';
import { currentUserQuery } from '../queries';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { UserProfileDialog } from './UserProfileDialog';
import './UserMenu.css';

export function UserMenu() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const user = useQuery(currentUserQuery());
  const info = useQuery(systemInfoQuery());
  const [open, setOpen] = useState(false);
  const [profileOpen, setProfileOpen] = useState(false);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [passwordChanged, setPasswordChanged] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const signOut = useSignOut(() => void navigate(SIGN_IN_PATH, { replace: true }));

  // Close on a click elsewhere or Escape, like any native menu.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  const username = user.data?.username ?? '';
  const authMode = info.data?.auth_mode;
  // In OIDC mode signing out is core's page (it may end the provider's session too), not an API call.
  const oidcMode = authMode === 'oidc_auth';
  // Outside the database, passwords belong to the directory or provider; only admin (id 1) has one here.
  const hasPassword = !authMode || authMode === 'db_auth' || user.data?.user_id === 1;

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        type="button"
        className="user-menu__trigger"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('user_menu.label', { username })}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-menu__avatar" aria-hidden="true">
          {username.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-menu__name">{username}</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="user-menu__caret">
          <path
            fill="currentColor"
            d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z"
          />
        </svg>
      </button>
      {open && (
        <div className="user-menu__popup" id={menuId} role="menu">
          {user.data && (
            <button
              type="button"
              role="menuitem"
              className="user-menu__item"
              onClick={() => {
                setOpen(false);
                setProfileOpen(true);
              }}
            >
              {t('user_menu.profile')}
            </button>
          )}
          {user.data && hasPassword && (
            <button
              type="button"
              role="menuitem"
              className="user-menu__item"
              onClick={() => {
                setOpen(false);
                setPasswordChanged(false);
                setPasswordOpen(true);
              }}
            >
              {t('user_menu.change_password')}
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            className="user-menu__item"
            onClick={() => {
              setOpen(false);
              setAboutOpen(true);
            }}
          >
            {t('user_menu.about')}
          </button>
          {oidcMode ? (
            <a role="menuitem" className="user-menu__item" href={OIDC_LOGOUT_PATH}>
              {t('user_menu.log_out')}
            </a>
          ) : (
            <button
              type="button"
              role="menuitem"
              className="user-menu__item"
              disabled={signOut.isPending}
              onClick={() => signOut.mutate()}
            >
              {t('user_menu.log_out')}
            </button>
          )}
          {signOut.isError && (
            <p className="user-menu__error" role="alert">
              {t('user_menu.log_out_failed', { reason: errorMessage(signOut.error, t) })}
            </p>
          )}
        </div>
      )}
      <AboutDialog open={aboutOpen} onClose={() => setAboutOpen(false)} />
      {user.data && (
        <UserProfileDialog user={user.data} open={profileOpen} onClose={() => setProfileOpen(false)} />
      )}
      {user.data && (
        <ChangePasswordDialog
          userId={user.data.user_id}
          open={passwordOpen}
          onClose={() => setPasswordOpen(false)}
          onChanged={() => setPasswordChanged(true)}
        />
      )}
      {passwordChanged && (
        <p className="user-menu__notice success" role="status">
          {t('password.changed')}
          <button
            type="button"
            className="icon-btn"
            aria-label={t('app.close')}
            onClick={() => setPasswordChanged(false)}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}
