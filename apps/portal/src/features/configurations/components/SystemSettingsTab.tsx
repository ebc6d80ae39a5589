import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { QueryError, TableSkeleton } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Configurations, SystemSettings } from '../api';
import { configurationsQuery, useUpdateConfigurations } from '../queries';
import { SystemAllowlistForm } from './SystemAllowlistForm';

function settingsFrom(config: Configurations): SystemSettings {
  return {
    project_creation_restriction:
      config.project_creation_restriction?.value === 'adminonly' ? 'adminonly' : 'everyone',
    self_registration: config.self_registration?.value === true,
    robot_token_duration: Number(config.robot_token_duration?.value ?? 30),
    robot_name_prefix: String(config.robot_name_prefix?.value ?? 'robot$'),
    read_only: config.read_only?.value === true,
  };
}

function SettingsForm({ initial }: { initial: SystemSettings }) {
  const { t } = useI18n();
  const ids = { restriction: useId(), duration: useId(), prefix: useId() };
  const [form, setForm] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useUpdateConfigurations();
  const durationValid = Number.isInteger(form.robot_token_duration) && form.robot_token_duration > 0;
  const changes = Object.fromEntries(
    (Object.keys(form) as (keyof SystemSettings)[])
      .filter((key) => form[key] !== initial[key])
      .map((key) => [key, form[key]]),
  ) as Partial<SystemSettings>;
  const set = <K extends keyof SystemSettings>(key: K, value: SystemSettings[K]) => {
    setSaved(false);
    setForm((current) => ({ ...current, [key]: value }));
  };

  return (
    <form
      className="card config-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!durationValid) return;
        save.mutate(changes, { onSuccess: () => setSaved(true) });
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.restriction}>
          {t('sysconfig.project_creation')}
        </label>
        <select
          id={ids.restriction}
          className="field__input"
          value={form.project_creation_restriction}
          onChange={(event) =>
            set('project_creation_restriction', event.target.value as 'everyone' | 'adminonly')
          }
        >
          <option value="everyone">{t('sysconfig.everyone')}</option>
          <option value="adminonly">{t('sysconfig.admin_only')}</option>
        </select>
      </div>
      <Checkbox
        label={t('sysconfig.self_registration')}
        checked={form.self_registration}
        onChange={(checked) => set('self_registration', checked)}
      />
      <div className="field">
        <label className="field__label" htmlFor={ids.duration}>
          {t('sysconfig.robot_duration')}
        </label>
        <input
          id={ids.duration}
          className="field__input"
          inputMode="numeric"
          value={Number.isNaN(form.robot_token_duration) ? '' : String(form.robot_token_duration)}
          aria-invalid={durationValid ? undefined : true}
          onChange={(event) =>
            set('robot_token_duration', event.target.value === '' ? Number.NaN : Number(event.target.value))
          }
        />
        {!durationValid && <span className="field__error">{t('robots.days_invalid')}</span>}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.prefix}>
          {t('sysconfig.robot_prefix')}
        </label>
        <input
          id={ids.prefix}
          className="field__input"
          value={form.robot_name_prefix}
          onChange={(event) => set('robot_name_prefix', event.target.value)}
        />
      </div>
      <Checkbox
        label={t('sysconfig.read_only')}
        checked={form.read_only}
        onChange={(checked) => set('read_only', checked)}
      />
      <span className="field__hint">{t('sysconfig.read_only_hint')}</span>
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
      {saved && (
        <p className="success" role="status">
          {t('config.saved')}
        </p>
      )}
      <div>
        <button
          type="submit"
          className="btn btn--primary"
          disabled={save.isPending || Object.keys(changes).length === 0 || !durationValid}
        >
          {save.isPending ? t('app.working') : t('app.save')}
        </button>
      </div>
    </form>
  );
}

/** Configuration › System Settings: project creation, self-registration, robots, read only, CVE allowlist. */
export default function SystemSettingsTab() {
  const config = useQuery(configurationsQuery());
  return (
    <>
      {config.isPending ? (
        <TableSkeleton columns={2} rows={4} />
      ) : config.isError ? (
        <QueryError error={config.error} onRetry={() => void config.refetch()} />
      ) : (
        <SettingsForm initial={settingsFrom(config.data)} />
      )}
      <SystemAllowlistForm />
    </>
  );
}
