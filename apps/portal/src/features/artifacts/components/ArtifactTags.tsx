import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { LabelChip } from '../../labels/components/LabelChip';
import type { Artifact, ArtifactLocation } from '../api';
import { useArtifactChanges } from '../queries';

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="chip-remove" aria-label={label} title={label} onClick={onClick}>
      ×
    </button>
  );
}

interface ChipsProps {
  at: ArtifactLocation;
  artifact: Artifact;
  /** Shows a remove button on each chip. */
  editable: boolean;
}

/** The artifact's tags, immutable ones marked; removing one is confirmed first. */
export function ArtifactTags({ at, artifact, editable }: ChipsProps) {
  const { t } = useI18n();
  const [removing, setRemoving] = useState<string | null>(null);
  const { removeTag } = useArtifactChanges(at, artifact.digest);
  const tags = artifact.tags ?? [];
  if (tags.length === 0) return <span className="quota__text">{t('artifacts.untagged')}</span>;
  return (
    <>
      <span className="tag-list">
        {tags.map((tag) => (
          <span key={tag.id} className="badge">
            {tag.name}
            {tag.immutable && (
              <span className="tag-immutable" title={t('artifacts.immutable_hint')}>
                {t('artifacts.immutable')}
              </span>
            )}
            {/* An immutable tag cannot be deleted (core answers 412), so it offers no remove button. */}
            {editable && !tag.immutable && (
              <RemoveButton
                label={t('artifacts.remove_tag', { tag: tag.name })}
                onClick={() => setRemoving(tag.name)}
              />
            )}
          </span>
        ))}
      </span>
      <ConfirmDialog
        open={removing !== null}
        title={t('artifacts.remove_tag_title')}
        message={t('artifacts.remove_tag_confirm', { tag: removing ?? '' })}
        confirmLabel={t('app.delete')}
        pending={removeTag.isPending}
        error={removeTag.error}
        onClose={() => {
          setRemoving(null);
          removeTag.reset();
        }}
        onConfirm={() => {
          if (removing) removeTag.mutate(removing, { onSuccess: () => setRemoving(null) });
        }}
      />
    </>
  );
}

/** The artifact's labels; a failed removal is told below them. */
export function ArtifactLabels({ at, artifact, editable }: ChipsProps) {
  const { t } = useI18n();
  const { removeLabel } = useArtifactChanges(at, artifact.digest);
  const labels = artifact.labels ?? [];
  if (labels.length === 0) return <span className="quota__text">—</span>;
  return (
    <>
      <span className="tag-list">
        {labels.map((label) => (
          <LabelChip key={label.id} label={label}>
            {editable && (
              <RemoveButton
                label={t('artifacts.remove_label', { label: label.name })}
                onClick={() => removeLabel.mutate(label.id)}
              />
            )}
          </LabelChip>
        ))}
      </span>
      {removeLabel.isError && (
        <span className="field__error" role="alert">
          {errorMessage(removeLabel.error, t)}
        </span>
      )}
    </>
  );
}
