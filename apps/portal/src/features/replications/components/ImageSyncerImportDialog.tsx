import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ImageSyncerImport, ImageSyncerImportInput } from '../api';
import { usePolicyChanges } from '../queries';

/** FileReader rather than `File.text()`, which older browsers (and jsdom) lack. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsText(file);
  });
}

interface Props {
  onClose: () => void;
}

/**
 * Import image-syncer files: its images file (and auth file) become replication rules, one per line,
 * with the registries they need. Preview shows what would be made; Import makes it.
 */
export function ImageSyncerImportDialog({ onClose }: Props) {
  const { t } = useI18n();
  const ids = { images: useId(), auth: useId(), trigger: useId() };
  const [images, setImages] = useState<string | null>(null);
  const [auth, setAuth] = useState<string | undefined>(undefined);
  const [scheduled, setScheduled] = useState(false);
  const [cron, setCron] = useState('0 0 2 * * *');
  const [preview, setPreview] = useState<ImageSyncerImport | null>(null);
  const { importFiles } = usePolicyChanges();
  const input = (dryRun: boolean): ImageSyncerImportInput => ({
    images: images ?? '',
    auth,
    trigger: scheduled ? { type: 'scheduled', trigger_settings: { cron } } : { type: 'manual' },
    dry_run: dryRun,
  });
  const changed = () => {
    setPreview(null);
    importFiles.reset();
  };
  const readFile = async (file: File | undefined, set: (text: string | undefined) => void) => {
    set(file ? await readText(file) : undefined);
    changed();
  };
  return (
    <Dialog
      open
      wide
      title={t('replications.import_title')}
      onClose={onClose}
      submitLabel={t('replications.import_submit')}
      submitting={importFiles.isPending}
      submitDisabled={!images}
      onSubmit={(event) => {
        event.preventDefault();
        importFiles.mutate(input(false), { onSuccess: onClose });
      }}
    >
      <p className="field__hint">{t('replications.import_hint')}</p>
      <div className="field">
        <label className="field__label" htmlFor={ids.images}>
          {t('replications.import_images_file')}
        </label>
        <input
          id={ids.images}
          type="file"
          accept=".json,.yaml,.yml"
          onChange={(event) => void readFile(event.target.files?.[0], (text) => setImages(text ?? null))}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.auth}>
          {t('replications.import_auth_file')}
        </label>
        <input
          id={ids.auth}
          type="file"
          accept=".json,.yaml,.yml"
          onChange={(event) => void readFile(event.target.files?.[0], setAuth)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.trigger}>
          {t('replications.trigger_mode')}
        </label>
        <select
          id={ids.trigger}
          className="field__input"
          value={scheduled ? 'scheduled' : 'manual'}
          onChange={(event) => {
            setScheduled(event.target.value === 'scheduled');
            changed();
          }}
        >
          <option value="manual">{t('replications.trigger_manual')}</option>
          <option value="scheduled">{t('replications.trigger_scheduled')}</option>
        </select>
      </div>
      {scheduled && (
        <TextField
          label={t('replications.cron')}
          value={cron}
          hint={t('replications.cron_hint')}
          onChange={(value) => {
            setCron(value);
            changed();
          }}
        />
      )}
      <button
        type="button"
        className="btn btn--secondary"
        disabled={!images || importFiles.isPending}
        onClick={() => importFiles.mutate(input(true), { onSuccess: setPreview })}
      >
        {t('replications.import_preview')}
      </button>
      {importFiles.isError && <Alert>{errorMessage(importFiles.error, t)}</Alert>}
      {preview && (
        <table className="table" aria-label={t('replications.import_preview')}>
          <thead>
            <tr>
              <th>{t('replications.name')}</th>
              <th>{t('replications.mode')}</th>
              <th>{t('replications.import_registry')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.policies.map((policy) => {
              const registry = preview.registries.find((r) => r.name === policy.registry);
              return (
                <tr key={policy.name}>
                  <td>{policy.name}</td>
                  <td>
                    {policy.direction === 'pull'
                      ? t('replications.pull_based')
                      : t('replications.push_based')}
                  </td>
                  <td>
                    {registry?.url}{' '}
                    {registry?.created
                      ? t('replications.import_new_registry')
                      : t('replications.import_existing_registry')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
