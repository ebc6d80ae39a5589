import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Scanner } from '../api';
import { scanAllQuery, scanAllScheduleQuery, scannerListQuery, useScannerChanges } from '../queries';
import { NewScannerDialog } from './NewScannerDialog';
import { ScanAllSchedule } from './ScanAllSchedule';
import '../../../components/ui.css';

/** Administration › Interrogation Services: the scanners, the default one, and scan all. */
export default function InterrogationServicesPage() {
  const { t } = useI18n();
  const scanners = useQuery(scannerListQuery());
  const metrics = useQuery(scanAllQuery());
  const savedSchedule = useQuery(scanAllScheduleQuery());
  const { setDefault, remove, scanAll } = useScannerChanges();
  const [adding, setAdding] = useState(false);
  const failure = [setDefault, remove, scanAll].find((mutation) => mutation.isError)?.error;
  const row = (scanner: Scanner) => (
    <tr key={scanner.uuid}>
      <td>{scanner.name}</td>
      <td className="mono">{scanner.url}</td>
      <td>{scanner.is_default ? t('scanners.default') : ''}</td>
      <td>{scanner.auth || t('scanners.auth_none')}</td>
      <td>{scanner.description}</td>
      <td>
        {!scanner.is_default && (
          <button type="button" className="btn btn--small" onClick={() => setDefault.mutate(scanner.uuid)}>
            {t('scanners.set_default')}
          </button>
        )}
        <button
          type="button"
          className="btn btn--small btn--danger"
          onClick={() => remove.mutate(scanner.uuid)}
        >
          {t('app.delete')}
        </button>
      </td>
    </tr>
  );
  const stats = metrics.data;
  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('scanners.title')}</h1>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn--primary" onClick={() => setAdding(true)}>
          {t('scanners.new')}
        </button>
      </div>
      {failure && <Alert>{errorMessage(failure, t)}</Alert>}
      <table className="table" aria-label={t('scanners.title')}>
        <thead>
          <tr>
            <th>{t('scanners.name')}</th>
            <th>{t('scanners.endpoint')}</th>
            <th>{t('scanners.default')}</th>
            <th>{t('scanners.auth')}</th>
            <th>{t('scanners.description')}</th>
            <th>{t('app.actions')}</th>
          </tr>
        </thead>
        <tbody>{(scanners.data?.items ?? []).map(row)}</tbody>
      </table>
      {scanners.data?.items.length === 0 && <p className="quota__text">{t('scanners.none')}</p>}
      <h2 className="section__title">{t('scanners.scan_all')}</h2>
      <p className="quota__text" role="status">
        {stats?.total
          ? t('scanners.scan_all_progress', { completed: stats.completed ?? 0, total: stats.total })
          : t('scanners.scan_all_never')}
      </p>
      <button
        type="button"
        className="btn"
        disabled={scanAll.isPending || stats?.ongoing === true}
        onClick={() => scanAll.mutate()}
      >
        {t('scanners.scan_now')}
      </button>
      <h3 className="section__title">{t('scanners.scan_all_schedule')}</h3>
      {savedSchedule.isSuccess && <ScanAllSchedule saved={savedSchedule.data} />}
      {savedSchedule.isError && <Alert>{errorMessage(savedSchedule.error, t)}</Alert>}
      {adding && <NewScannerDialog open onClose={() => setAdding(false)} />}
    </section>
  );
}
