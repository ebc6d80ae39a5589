import { useI18n } from '../../../i18n/I18nProvider';
import { parseCveIds } from '../../../lib/cve-ids';
import type { ProjectSettings } from '../settings';

interface Props {
  settings: ProjectSettings;
  disabled: boolean;
  onChange(change: Partial<ProjectSettings>): void;
}

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** Which CVE allowlist the project applies (the system's or its own), its CVEs and its expiry. */
export function CveAllowlistFields({ settings, disabled, onChange }: Props) {
  const { t } = useI18n();
  const expired = settings.expiresAt !== null && settings.expiresAt * 1000 <= Date.now();
  return (
    <fieldset className="field" disabled={disabled}>
      <legend className="field__label">{t('config.allowlist')}</legend>
      <span className="field__hint">{t('config.allowlist_hint')}</span>
      <label className="check">
        <input
          type="radio"
          name="allowlist"
          checked={settings.reuseSystemAllowlist}
          onChange={() => onChange({ reuseSystemAllowlist: true })}
        />
        {t('config.allowlist_system')}
      </label>
      <label className="check">
        <input
          type="radio"
          name="allowlist"
          checked={!settings.reuseSystemAllowlist}
          onChange={() => onChange({ reuseSystemAllowlist: false })}
        />
        {t('config.allowlist_project')}
      </label>
      {!settings.reuseSystemAllowlist && (
        <>
          <label className="field">
            <span className="field__label">{t('config.allowlist_cves')}</span>
            <textarea
              rows={4}
              defaultValue={settings.cveIds.join('\n')}
              placeholder="CVE-2024-0727"
              onChange={(event) => onChange({ cveIds: parseCveIds(event.target.value) })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.expiresAt === null}
              onChange={(event) =>
                onChange({
                  expiresAt: event.target.checked ? null : Math.floor(Date.now() / 1000) + 30 * 86400,
                })
              }
            />
            {t('config.allowlist_never_expires')}
          </label>
          {settings.expiresAt !== null && (
            <label className="field">
              <span className="field__label">{t('config.allowlist_expires')}</span>
              <input
                type="date"
                value={dateOf(settings.expiresAt)}
                onChange={(event) => {
                  const time = Date.parse(`${event.target.value}T00:00:00Z`);
                  if (!Number.isNaN(time)) onChange({ expiresAt: time / 1000 });
                }}
              />
            </label>
          )}
          {expired && (
            <p className="field__hint" role="alert">
              {t('config.allowlist_expired')}
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}
