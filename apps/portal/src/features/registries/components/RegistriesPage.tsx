import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import type { Registry } from '../api';
import { registryListQuery, useRegistryChanges } from '../queries';
import { RegistryDialog } from './RegistryDialog';
import '../../../components/ui.css';

/** Administration › Registries: the endpoints replication rules and proxy-cache projects use. */
export default function RegistriesPage() {
  const { t, locale } = useI18n();
  const registries = useQuery(registryListQuery());
  const { remove } = useRegistryChanges();
  const deleting = useConfirm(remove, (registry: Registry) => registry.id);
  const [editing, setEditing] = useState<Registry | 'new' | null>(null);
  const status = (registry: Registry) =>
    registry.status === 'healthy' ? t('registries.healthy') : t('registries.unhealthy');
  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('registries.title')}</h1>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
          {t('registries.new')}
        </button>
      </div>
      {registries.isError && <Alert>{errorMessage(registries.error, t)}</Alert>}
      <table className="table" aria-label={t('registries.title')}>
        <thead>
          <tr>
            <th>{t('registries.name')}</th>
            <th>{t('registries.status')}</th>
            <th>{t('registries.url')}</th>
            <th>{t('registries.provider')}</th>
            <th>{t('registries.verify_cert')}</th>
            <th>{t('registries.description')}</th>
            <th>{t('registries.creation_time')}</th>
            <th>{t('app.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(registries.data?.items ?? []).map((registry) => (
            <tr key={registry.id}>
              <td>{registry.name}</td>
              <td>{status(registry)}</td>
              <td className="mono">{registry.url}</td>
              <td>{registry.type}</td>
              <td>{registry.insecure ? t('registries.no') : t('registries.yes')}</td>
              <td>{registry.description}</td>
              <td>{formatDateTime(registry.creation_time, locale)}</td>
              <td>
                <button type="button" className="btn btn--small" onClick={() => setEditing(registry)}>
                  {t('registries.edit')}
                </button>
                <button
                  type="button"
                  className="btn btn--small btn--danger"
                  onClick={() => deleting.ask(registry)}
                >
                  {t('app.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {registries.data?.items.length === 0 && <p className="quota__text">{t('registries.none')}</p>}
      {editing && (
        <RegistryDialog editing={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
      <ConfirmDialog
        {...deleting.dialog}
        title={t('registries.delete_title')}
        message={t('registries.delete_confirm', { name: deleting.target?.name ?? '' })}
        confirmLabel={t('app.delete')}
      />
    </section>
  );
}
