import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { QueryError, TableSkeleton } from '../../../components/States';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { AUTH_MODES, LDAP_SCOPES, type AuthMode, type AuthSettings, type LdapScope } from '../api';
import { authChanges, authProblems, authSettingsFrom, ldapPingBody } from '../auth-settings';
import { configurationsQuery, useLdapPing, useUpdateConfigurations } from '../queries';

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

function AuthForm({ initial, modeEditable }: { initial: AuthSettings; modeEditable: boolean }) {
  const { t } = useI18n();
  const ids = { mode: useId(), timeout: useId() };
  const [form, setForm] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useUpdateConfigurations();
  const ping = useLdapPing();
  const changes = authChanges(initial, form);
  const problems = authProblems(form);
  const invalid = Object.keys(problems).length > 0;
  const ldap = form.auth_mode === 'ldap_auth';
  const set = <K extends keyof AuthSettings>(key: K, value: AuthSettings[K]) => {
    setSaved(false);
    ping.reset();
    setForm((current) => ({ ...current, [key]: value }));
  };
  const problem = (key: keyof AuthSettings) => {
    const found = problems[key];
    return found && (submitted || key === 'ldap_timeout') ? t(found) : null;
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
            setForm((current) => ({ ...current, ldap_search_password: '' }));
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
      </div>
    </form>
  );
}

/** Configuration › Authentication: the auth mode and, for LDAP, the directory to sign users in against. */
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
