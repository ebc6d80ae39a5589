import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { parseCveIds } from '../../../lib/cve-ids';
import type { SystemAllowlist } from '../api';
import { systemAllowlistQuery, useUpdateSystemAllowlist } from '../queries';

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function Form({ initial }: { initial: SystemAllowlist }) {
  const { t } = useI18n();
  const ids = { cves: useId(), expires: useId() };
  const [cveIds, setCveIds] = useState(initial.items.map((item) => item.cve_id));
  const [expiresAt, setExpiresAt] = useState<number | null>(initial.expires_at ?? null);
  const save = useUpdateSystemAllowlist();
  const expired = expiresAt !== null && expiresAt * 1000 <= Date.now();
  return (
    <form
      className="card config-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({
          items: cveIds.map((cve_id) => ({ cve_id })),
          ...(expiresAt === null ? {} : { expires_at: expiresAt }),
        });
      }}
    >
      <span className="field__label">{t('config.system_allowlist')}</span>
      <span className="field__hint">{t('config.system_allowlist_hint')}</span>
      <label className="field" htmlFor={ids.cves}>
        <span className="field__label">{t('config.allowlist_cves')}</span>
        <textarea
          id={ids.cves}
          rows={4}
          defaultValue={cveIds.join('\n')}
          onChange={(e) => setCveIds(parseCveIds(e.target.value))}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={expiresAt === null}
          onChange={(e) => setExpiresAt(e.target.checked ? null : Math.floor(Date.now() / 1000) + 30 * 86400)}
        />
        {t('config.allowlist_never_expires')}
      </label>
      {expiresAt !== null && (
        <label className="field" htmlFor={ids.expires}>
          <span className="field__label">{t('config.allowlist_expires')}</span>
          <input
            id={ids.expires}
            type="date"
            value={dateOf(expiresAt)}
            onChange={(e) => {
              const time = Date.parse(`${e.target.value}T00:00:00Z`);
              if (!Number.isNaN(time)) setExpiresAt(time / 1000);
            }}
          />
        </label>
      )}
      {expired && (
        <p className="field__hint" role="alert">
          {t('config.allowlist_expired')}
        </p>
      )}
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
      {save.isSuccess && (
        <p className="success" role="status">
          {t('config.saved')}
        </p>
      )}
      <div>
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {save.isPending ? t('app.working') : t('config.save_allowlist')}
        </button>
      </div>
    </form>
  );
}

/** The system CVE allowlist, which projects use unless they keep their own. */
export function SystemAllowlistForm() {
  const allowlist = useQuery(systemAllowlistQuery());
  return allowlist.data ? <Form initial={allowlist.data} /> : null;
}
