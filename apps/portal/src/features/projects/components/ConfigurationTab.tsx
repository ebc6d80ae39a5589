import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { useUpdateProjectSettings } from '../queries';
import { settingsOf, SEVERITIES, type ProjectSettings, type Severity } from '../settings';
import { CveAllowlistFields } from './CveAllowlistFields';
import { useProjectContext } from './ProjectPage';

/** Project settings: public access, scanning on push, vulnerability prevention and the CVE allowlist. */
export default function ConfigurationTab() {
  const { t } = useI18n();
  const { project, canManage } = useProjectContext();
  const [settings, setSettings] = useState<ProjectSettings>(() => settingsOf(project));
  const [saved, setSaved] = useState(false);
  const update = useUpdateProjectSettings(project.project_id);
  const change = (next: Partial<ProjectSettings>) => {
    setSettings((current) => ({ ...current, ...next }));
    setSaved(false);
  };
  const toggle = (key: 'public' | 'autoScan' | 'autoSbom' | 'preventVul', label: string, hint: string) => (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          role="switch"
          checked={settings[key]}
          disabled={!canManage}
          onChange={(event) => change({ [key]: event.target.checked })}
        />
        {label}
      </label>
      <span className="field__hint">{hint}</span>
    </div>
  );

  return (
    <form
      className="card config-form"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        update.mutate(settings, { onSuccess: () => setSaved(true) });
      }}
    >
      <span className="field__label">{t('config.access')}</span>
      {toggle('public', t('config.public'), t('config.public_hint'))}
      <span className="field__label">{t('config.scanning')}</span>
      {toggle('autoScan', t('config.auto_scan'), t('config.auto_scan_hint'))}
      {toggle('autoSbom', t('config.auto_sbom'), t('config.auto_sbom_hint'))}
      {toggle('preventVul', t('config.prevent_vul'), t('config.prevent_vul_hint'))}
      {settings.preventVul && (
        <label className="field">
          <span className="field__label">{t('config.severity')}</span>
          <select
            value={settings.severity}
            disabled={!canManage}
            onChange={(event) => change({ severity: event.target.value as Severity })}
          >
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {t(`severity.${severity}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <CveAllowlistFields settings={settings} disabled={!canManage} onChange={change} />
      {!canManage && <p className="field__hint">{t('config.read_only')}</p>}
      {update.isError && <Alert>{errorMessage(update.error, t)}</Alert>}
      {saved && (
        <p className="success" role="status">
          {t('config.saved')}
        </p>
      )}
      {canManage && (
        <div>
          <button type="submit" className="btn btn--primary" disabled={update.isPending}>
            {update.isPending ? t('app.working') : t('app.save')}
          </button>
        </div>
      )}
    </form>
  );
}
