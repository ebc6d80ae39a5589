import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Spinner } from '../../../components/Spinner';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { systemInfoQuery } from '../../systeminfo/queries';
import { createUser } from '../../users/api';
import {
  EMPTY_NEW_USER,
  NewUserFields,
  newUserErrors,
  toUserCreation,
} from '../../users/components/UserFields';
import { SIGN_IN_PATH } from '../redirect';
import { AuthCard } from './AuthCard';

/** Self-registration (`POST /users` without a session), offered only when the instance allows it. */
export default function SignUpPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const info = useQuery(systemInfoQuery());
  const [form, setForm] = useState(EMPTY_NEW_USER);
  const [submitted, setSubmitted] = useState(false);
  const signUp = useMutation({ mutationFn: createUser });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(newUserErrors(form)).length > 0) return;
    const user = toUserCreation(form);
    signUp.mutate(user, {
      onSuccess: () =>
        void navigate(`${SIGN_IN_PATH}?signed_up=${encodeURIComponent(user.username)}`, { replace: true }),
    });
  }

  let body;
  if (info.isPending) body = <Spinner />;
  else if (!info.data?.self_registration) body = <p>{t('sign_up.closed')}</p>;
  else
    body = (
      <form className="sign-in__form" onSubmit={handleSubmit} noValidate>
        <NewUserFields form={form} onChange={setForm} submitted={submitted} />
        {signUp.isError && <Alert>{errorMessage(signUp.error, t)}</Alert>}
        <button type="submit" className="btn btn--primary btn--block" disabled={signUp.isPending}>
          {signUp.isPending && <Spinner />}
          {t('sign_up.submit')}
        </button>
      </form>
    );

  return (
    <AuthCard
      title={t('sign_up.title')}
      subtitle={info.data?.self_registration ? t('sign_up.subtitle') : undefined}
    >
      {body}
      <p className="sign-in__footer">
        <Link to={SIGN_IN_PATH}>{t('sign_up.back')}</Link>
      </p>
    </AuthCard>
  );
}
