import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { LabelChip } from '../../labels/components/LabelChip';
import type { Artifact, ArtifactLocation } from '../api';
import { useArtifactChanges } from '../queries';
import { attachableLabelsQuery } from '../label-choices';

/** Attaches one of the global or project labels the artifact does not carry yet. */
export function AddLabelDialog({
  at,
  projectId,
  artifact,
  onClose,
}: {
  at: ArtifactLocation;
  projectId: number;
  artifact: Artifact;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const labels = useQuery(attachableLabelsQuery(projectId));
  const attached = new Set((artifact.labels ?? []).map((label) => label.id));
  const choices = (labels.data ?? []).filter((label) => !attached.has(label.id));
  const [chosen, setChosen] = useState<number | null>(null);
  const { addLabel } = useArtifactChanges(at, artifact.digest);
  const selected = chosen ?? choices[0]?.id ?? null;
  const label = choices.find((choice) => choice.id === selected);
  return (
    <Dialog
      open
      title={t('artifacts.add_label_title')}
      onClose={onClose}
      submitLabel={t('artifacts.add_label')}
      submitting={addLabel.isPending}
      submitDisabled={selected === null}
      onSubmit={() => {
        if (selected !== null) addLabel.mutate(selected, { onSuccess: onClose });
      }}
    >
      {labels.isPending ? (
        <p>{t('app.loading')}</p>
      ) : labels.isError ? (
        <Alert>{errorMessage(labels.error, t)}</Alert>
      ) : choices.length === 0 ? (
        <p>{t('artifacts.no_labels')}</p>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={id}>
            {t('artifacts.label')}
          </label>
          <select
            id={id}
            className="field__input"
            value={selected ?? ''}
            onChange={(event) => setChosen(Number(event.target.value))}
          >
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.scope === 'g' ? t('artifacts.label_global', { name: choice.name }) : choice.name}
              </option>
            ))}
          </select>
          {label && (
            <span>
              <LabelChip label={label} />
            </span>
          )}
        </div>
      )}
      {addLabel.isError && <Alert>{errorMessage(addLabel.error, t)}</Alert>}
    </Dialog>
  );
}
