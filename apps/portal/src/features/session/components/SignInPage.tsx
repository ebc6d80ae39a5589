import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Spinner } from '../../../components/Spinner';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { ApiError } from '../../../lib/api-error';
import { systemInfoQuery } from '../../systeminfo/queries';
import { currentUserQuery } from '../../users/queries';
import { useSignIn } from '../queries';
import { oidcLoginPath, safeRedirect, SIGN_UP_PATH } from '../redirect';
import { AuthCard } from './AuthCard';

export function SignInPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const signedUp = searchParams.get('signed_up');
  const [username, setUsername] = useState(signedUp ?? '');
  const [password, setPassword] = useState('');
  const signIn = useSignIn();
  // Someone already signed in (a bookmark, the back button) goes straight on instead of seeing the form.
  const session = useQuery({ ...currentUserQuery(), retry: false });
  const info = useQuery(systemInfoQuery());
  const oidc = info.data?.auth_mode === 'oidc_auth';
  // In OIDC mode users sign in at the provider; the form stays one click away for the local admin.
  const [localOpen, setLocalOpen] = useState(false);
  const showForm = !oidc || localOpen;

  const canSubmit = username.trim() !== '' && password !== '' && !signIn.isPending;

  // Editing after a failure means the user is correcting it; the old message would only confuse.
  function edit(setter: (value: string) => void, value: string) {
    setter(value);
    if (signIn.isError) signIn.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!canSubmit) return;
    signIn.mutate(
      { username: username.trim(), password },
      { onSuccess: () => void navigate(safeRedirect(searchParams.get('redirect_url')), { replace: true }) },
    );
  }

  // 401 gets one fixed text on purpose: it must not reveal whether the user name exists.
  const failure = signIn.error
    ? signIn.error instanceof ApiError && signIn.error.status === 401
      ? t('sign_in.invalid_credentials')
      : t('sign_in.failed', { reason: errorMessage(signIn.error, t) })
    : null;

  if (session.isSuccess && !signIn.isPending) {
    return <Navigate to={safeRedirect(searchParams.get('redirect_url'))} replace />;
  }

  return (
    <AuthCard title={t('sign_in.title')} subtitle={t('sign_in.subtitle')}>
      {signedUp && (
        <p className="success sign-in__notice" role="status">
          {t('sign_up.done', { username: signedUp })}
        </p>
      )}

      {oidc && (
        <div className="sign-in__oidc">
          <a
            className="btn btn--primary btn--block"
            href={oidcLoginPath(safeRedirect(searchParams.get('redirect_url')))}
          >
            {t('sign_in.oidc', {
              provider: info.data?.oidc_provider_name?.trim() || t('sign_in.oidc_default_provider'),
            })}
          </a>
          <button
            type="button"
            className="btn btn--link sign-in__local-toggle"
            aria-expanded={localOpen}
            aria-controls="sign-in-local"
            onClick={() => setLocalOpen((open) => !open)}
          >
            {t('sign_in.local')}
          </button>
        </div>
      )}

      {showForm && (
        <form id="sign-in-local" className="sign-in__form" onSubmit={handleSubmit} noValidate>
          <div className="field">
            <label className="field__label" htmlFor="sign-in-username">
              {t('sign_in.username')}
            </label>
            <input
              id="sign-in-username"
              className="field__input"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus={!oidc}
              value={username}
              onChange={(event) => edit(setUsername, event.target.value)}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="sign-in-password">
              {t('sign_in.password')}
            </label>
            <input
              id="sign-in-password"
              className="field__input"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => edit(setPassword, event.target.value)}
            />
          </div>

          {failure && <Alert>{failure}</Alert>}

          <button
            type="submit"
            className="btn btn--primary btn--block"
            disabled={!canSubmit}
            aria-busy={signIn.isPending}
          >
            {signIn.isPending && <Spinner />}
            {signIn.isPending ? t('sign_in.submitting') : t('sign_in.submit')}
          </button>
        </form>
      )}
      {info.data?.self_registration && (
        <p className="sign-in__footer">
          <Link to={SIGN_UP_PATH}>{t('sign_up.link')}</Link>
        </p>
      )}
    </AuthCard>
  );
}
