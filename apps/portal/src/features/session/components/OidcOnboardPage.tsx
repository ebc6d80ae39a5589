import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Spinner } from '../../../components/Spinner';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { ApiError } from '../../../lib/api-error';
import { onboardUsernameProblem } from '../onboard';
import { useOidcOnboard } from '../queries';
import { localPath, oidcLoginPath } from '../redirect';
import { AuthCard } from './AuthCard';

/**
 * `/oidc-onboard`: a user signing in through the OIDC provider for the first time, with automatic
 * onboarding off, chooses their username here (prefilled with the one the provider suggests).
 */
export default function OidcOnboardPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const redirectUrl = searchParams.get('redirect_url');
  const [username, setUsername] = useState(searchParams.get('username') ?? '');
  const [submitted, setSubmitted] = useState(false);
  const onboard = useOidcOnboard();
  const problem = onboardUsernameProblem(username);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (problem || onboard.isPending) return;
    onboard.mutate(username.trim(), {
      onSuccess: () => void navigate(localPath(redirectUrl), { replace: true }),
    });
  }

  // Core reads the provider's answer once: after a refusal another name needs a fresh sign-in.
  const failure =
    onboard.error instanceof ApiError && onboard.error.status === 409
      ? t('onboard.conflict')
      : onboard.error
        ? errorMessage(onboard.error, t)
        : null;

  return (
    <AuthCard title={t('onboard.title')} subtitle={t('onboard.subtitle')}>
      <form className="sign-in__form" onSubmit={handleSubmit} noValidate>
        <TextField
          label={t('onboard.username')}
          value={username}
          onChange={(value) => {
            setUsername(value);
            if (onboard.isError) onboard.reset();
          }}
          error={submitted && problem ? t(problem) : null}
          hint={t('onboard.username_hint')}
          autoComplete="username"
          autoFocus
        />
        {failure && (
          <Alert>
            {t('onboard.failed', { reason: failure })}{' '}
            <a href={oidcLoginPath(localPath(redirectUrl))}>{t('onboard.sign_in_again')}</a>
          </Alert>
        )}
        <button
          type="submit"
          className="btn btn--primary btn--block"
          disabled={onboard.isPending}
          aria-busy={onboard.isPending}
        >
          {onboard.isPending && <Spinner />}
          {onboard.isPending ? t('app.working') : t('onboard.submit')}
        </button>
      </form>
    </AuthCard>
  );
}
