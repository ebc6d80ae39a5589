import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { CopyButton } from '../../../components/CopyButton';
import { QueryError, TableSkeleton } from '../../../components/States';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n, type Translate } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { ApiError } from '../../../lib/api-error';
import { systemInfoQuery } from '../../systeminfo/queries';
import { AUTH_MODES, LDAP_SCOPES, type AuthMode, type AuthSettings, type LdapScope } from '../api';
import {
  authChanges,
  authProblems,
  authSettingsFrom,
  ldapPingBody,
  oidcPingBody,
  oidcRedirectUri,
} from '../auth-settings';
import { configurationsQuery, useLdapPing, useOidcPing, useUpdateConfigurations } from '../queries';

const MODE_KEYS: Record<AuthMode, MessageKey> = {
  db_auth: 'auth.mode_db',
  ldap_auth: 'auth.mode_ldap',
  oidc_auth: 'auth.mode_oidc',
};

const SCOPE_KEYS: Record<LdapScope, MessageKey> = {
  0: 'auth.scope_base',
  1: 'auth.scope_one_level',
  2: 'auth.scope_subtree',
};

type TextKey = {
  [K in keyof AuthSettings]: AuthSettings[K] extends string ? K : never;
}[keyof AuthSettings];

function ScopeSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: LdapScope;
  onChange: (scope: LdapScope) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="field__input"
        value={value}
        onChange={(event) => onChange(Number(event.target.value) as LdapScope)}
      >
        {LDAP_SCOPES.map((scope) => (
          <option key={scope} value={scope}>
            {t(SCOPE_KEYS[scope])}
          </option>
        ))}
      </select>
    </div>
  );
}

// Problems shown while typing; the others only once Save was pressed.
const LIVE_PROBLEMS: readonly (keyof AuthSettings)[] = ['ldap_timeout', 'oidc_extra_redirect_parms'];

/** Core's reason as it gave it (a 400 from the ping says what is wrong with the endpoint). */
function pingFailure(error: unknown, t: Translate): string {
  return error instanceof ApiError && error.status === 400 && error.message
    ? error.message
    : errorMessage(error, t);
}

/** The callback URL the administrator registers at the provider, read-only with a copy button. */
function RedirectUri() {
  const { t } = useI18n();
  const id = useId();
  const info = useQuery(systemInfoQuery());
  const externalUrl = info.data?.external_url || window.location.origin;
  const uri = oidcRedirectUri(externalUrl);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('auth.oidc_redirect_uri')}
      </label>
      <div className="field__row">
        <input id={id} className="field__input mono" value={uri} readOnly />
        <CopyButton text={uri} label={t('auth.oidc_redirect_uri_copy')} />
      </div>
      <span className="field__hint">{t('auth.oidc_redirect_uri_hint')}</span>
    </div>
  );
}

function AuthForm({ initial, modeEditable }: { initial: AuthSettings; modeEditable: boolean }) {
  const { t } = useI18n();
  const ids = { mode: useId(), timeout: useId() };
  const [form, setForm] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useUpdateConfigurations();
  const ping = useLdapPing();
  const oidcPing = useOidcPing();
  const changes = authChanges(initial, form);
  const problems = authProblems(form);
  const invalid = Object.keys(problems).length > 0;
  const ldap = form.auth_mode === 'ldap_auth';
  const oidc = form.auth_mode === 'oidc_auth';
  const set = <K extends keyof AuthSettings>(key: K, value: AuthSettings[K]) => {
    setSaved(false);
    ping.reset();
    oidcPing.reset();
    setForm((current) => ({ ...current, [key]: value }));
  };
  const problem = (key: keyof AuthSettings) => {
    const found = problems[key];
    return found && (submitted || LIVE_PROBLEMS.includes(key)) ? t(found) : null;
  };
  const text = (key: TextKey, label: MessageKey, extra: { hint?: string; type?: string } = {}) => (
    <TextField
      label={t(label)}
      value={form[key]}
      onChange={(value) => set(key, value)}
      error={problem(key)}
      {...extra}
    />
  );

  return (
    <form
      className="card config-form"
      aria-label={t('admin.config_tab_auth')}
      onSubmit={(event) => {
        event.preventDefault();
        setSubmitted(true);
        if (invalid) return;
        save.mutate(changes, {
          onSuccess: () => {
            setSaved(true);
            setSubmitted(false);
            setForm((current) => ({ ...current, ldap_search_password: '', oidc_client_secret: '' }));
          },
        });
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.mode}>
          {t('auth.mode')}
        </label>
        <select
          id={ids.mode}
          className="field__input"
          value={form.auth_mode}
          disabled={!modeEditable}
          onChange={(event) => set('auth_mode', event.target.value as AuthMode)}
        >
          {AUTH_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(MODE_KEYS[mode])}
            </option>
          ))}
        </select>
        {!modeEditable && <span className="field__hint">{t('auth.mode_locked')}</span>}
      </div>
      {ldap && (
        <>
          {text('ldap_url', 'auth.ldap_url', { hint: t('auth.ldap_url_hint') })}
          {text('ldap_search_dn', 'auth.ldap_search_dn')}
          {text('ldap_search_password', 'auth.ldap_search_password', {
            type: 'password',
            hint: t('auth.ldap_search_password_hint'),
          })}
          {text('ldap_base_dn', 'auth.ldap_base_dn')}
          {text('ldap_filter', 'auth.ldap_filter')}
          {text('ldap_uid', 'auth.ldap_uid')}
          <ScopeSelect
            label={t('auth.ldap_scope')}
            value={form.ldap_scope}
            onChange={(scope) => set('ldap_scope', scope)}
          />
          <div className="field">
            <label className="field__label" htmlFor={ids.timeout}>
              {t('auth.ldap_timeout')}
            </label>
            <input
              id={ids.timeout}
              className="field__input"
              inputMode="numeric"
              value={Number.isNaN(form.ldap_timeout) ? '' : String(form.ldap_timeout)}
              aria-invalid={problems.ldap_timeout ? true : undefined}
              onChange={(event) =>
                set('ldap_timeout', event.target.value === '' ? Number.NaN : Number(event.target.value))
              }
            />
            {problem('ldap_timeout') && <span className="field__error">{problem('ldap_timeout')}</span>}
          </div>
          <Checkbox
            label={t('auth.ldap_verify_cert')}
            checked={form.ldap_verify_cert}
            onChange={(checked) => set('ldap_verify_cert', checked)}
          />
          {text('ldap_group_base_dn', 'auth.ldap_group_base_dn')}
          {text('ldap_group_search_filter', 'auth.ldap_group_filter')}
          {text('ldap_group_attribute_name', 'auth.ldap_group_gid')}
          {text('ldap_group_admin_dn', 'auth.ldap_group_admin_dn', {
            hint: t('auth.ldap_group_admin_dn_hint'),
          })}
          {text('ldap_group_membership_attribute', 'auth.ldap_group_membership', {
            hint: t('auth.ldap_group_membership_hint'),
          })}
          <ScopeSelect
            label={t('auth.ldap_group_scope')}
            value={form.ldap_group_search_scope}
            onChange={(scope) => set('ldap_group_search_scope', scope)}
          />
          <Checkbox
            label={t('auth.ldap_group_attach_parallel')}
            checked={form.ldap_group_attach_parallel}
            onChange={(checked) => set('ldap_group_attach_parallel', checked)}
          />
        </>
      )}
      {oidc && (
        <>
          {text('oidc_name', 'auth.oidc_name', { hint: t('auth.oidc_name_hint') })}
          {text('oidc_endpoint', 'auth.oidc_endpoint', { hint: t('auth.oidc_endpoint_hint') })}
          {text('oidc_client_id', 'auth.oidc_client_id')}
          {text('oidc_client_secret', 'auth.oidc_client_secret', {
            type: 'password',
            hint: t('auth.oidc_client_secret_hint'),
          })}
          {text('oidc_groups_claim', 'auth.oidc_groups_claim', { hint: t('auth.oidc_groups_claim_hint') })}
          {text('oidc_admin_group', 'auth.oidc_admin_group', { hint: t('auth.oidc_admin_group_hint') })}
          {text('oidc_group_filter', 'auth.oidc_group_filter', { hint: t('auth.oidc_group_filter_hint') })}
          {text('oidc_scope', 'auth.oidc_scope', { hint: t('auth.oidc_scope_hint') })}
          {text('oidc_user_claim', 'auth.oidc_user_claim', { hint: t('auth.oidc_user_claim_hint') })}
          <Checkbox
            label={t('auth.oidc_verify_cert')}
            checked={form.oidc_verify_cert}
            onChange={(checked) => set('oidc_verify_cert', checked)}
          />
          <Checkbox
            label={t('auth.oidc_auto_onboard')}
            checked={form.oidc_auto_onboard}
            onChange={(checked) => set('oidc_auto_onboard', checked)}
          />
          {text('oidc_extra_redirect_parms', 'auth.oidc_extra_redirect_parms', {
            hint: t('auth.oidc_extra_redirect_parms_hint'),
          })}
          <Checkbox
            label={t('auth.oidc_logout')}
            checked={form.oidc_logout}
            onChange={(checked) => set('oidc_logout', checked)}
          />
          <RedirectUri />
        </>
      )}
      {oidcPing.isError && (
        <Alert>{t('auth.oidc_test_failed', { message: pingFailure(oidcPing.error, t) })}</Alert>
      )}
      {oidcPing.isSuccess && (
        <p className="success" role="status">
          {t('auth.oidc_test_ok')}
        </p>
      )}
      {ping.isError && <Alert>{errorMessage(ping.error, t)}</Alert>}
      {ping.data?.success === true && (
        <p className="success" role="status">
          {t('auth.ldap_test_ok')}
        </p>
      )}
      {ping.data?.success === false && (
        <Alert>{t('auth.ldap_test_failed', { message: ping.data.message ?? '' })}</Alert>
      )}
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
      {saved && (
        <p className="success" role="status">
          {t('config.saved')}
        </p>
      )}
      <div className="toolbar">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={save.isPending || Object.keys(changes).length === 0}
        >
          {save.isPending ? t('app.working') : t('app.save')}
        </button>
        {ldap && (
          <button
            type="button"
            className="btn btn--secondary"
            disabled={ping.isPending || !form.ldap_url.trim()}
            onClick={() => ping.mutate(ldapPingBody(form))}
          >
            {ping.isPending ? t('app.working') : t('auth.ldap_test')}
          </button>
        )}
        {oidc && (
          <button
            type="button"
            className="btn btn--secondary"
            disabled={oidcPing.isPending || !form.oidc_endpoint.trim()}
            onClick={() => oidcPing.mutate(oidcPingBody(form))}
          >
            {oidcPing.isPending ? t('app.working') : t('auth.oidc_test')}
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * Configuration › Authentication: the auth mode and, for LDAP, the directory to sign users in against, or,
 * for OIDC, the provider users sign in at.
 */
export default function AuthenticationTab() {
  const config = useQuery(configurationsQuery());
  if (config.isPending) return <TableSkeleton columns={2} rows={6} />;
  if (config.isError) return <QueryError error={config.error} onRetry={() => void config.refetch()} />;
  return (
    <AuthForm
      initial={authSettingsFrom(config.data)}
      modeEditable={config.data.auth_mode?.editable !== false}
    />
  );
}
