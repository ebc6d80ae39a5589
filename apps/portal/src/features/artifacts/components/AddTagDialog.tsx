import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ArtifactLocation } from '../api';
import { useArtifactChanges } from '../queries';

/** The OCI distribution rule for tag names. */
export const TAG_PATTERN = /^[\w][\w.-]{0,127}$/;

/** Adds a tag to the artifact `digest`; the name must follow the registry's tag rule. */
export function AddTagDialog({
  at,
  digest,
  onClose,
}: {
  at: ArtifactLocation;
  digest: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { addTag } = useArtifactChanges(at, digest);
  const invalid = !TAG_PATTERN.test(name);
  return (
    <Dialog
      open
      title={t('artifacts.add_tag_title')}
      onClose={onClose}
      submitLabel={t('artifacts.add_tag')}
      submitting={addTag.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (!invalid) addTag.mutate(name, { onSuccess: onClose });
      }}
    >
      <TextField
        label={t('artifacts.tag_name')}
        value={name}
        autoFocus
        error={(submitted || name) && invalid ? t('artifacts.tag_rule') : null}
        hint={t('artifacts.tag_rule')}
        onChange={(value) => setName(value.trim())}
      />
      {addTag.isError && <Alert>{errorMessage(addTag.error, t)}</Alert>}
    </Dialog>
  );
}
