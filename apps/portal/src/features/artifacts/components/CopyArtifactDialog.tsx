import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { projectListQuery } from '../../projects/queries';
import type { ArtifactLocation } from '../api';
import { useCopyArtifact } from '../queries';
import { TAG_PATTERN } from './AddTagDialog';

/** Docker's repository path rule: lowercase components separated by '/'. */
export const REPOSITORY_PATTERN =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

interface Target {
  project: string;
  repository: string;
  tag: string;
}

export function copyTargetErrors(target: Target): Partial<Record<keyof Target, true>> {
  return {
    ...(target.project ? {} : { project: true }),
    ...(REPOSITORY_PATTERN.test(target.repository) ? {} : { repository: true }),
    ...(target.tag === '' || TAG_PATTERN.test(target.tag) ? {} : { tag: true }),
  };
}

/**
 * Harbor's "Copy": the artifact is copied by digest into another project and repository
 * (CopyArtifact, `from=project/repository@digest`); an optional tag is then added to the copy.
 */
export function CopyArtifactDialog({
  from,
  digest,
  onClose,
  onCopied,
}: {
  from: ArtifactLocation;
  digest: string;
  onClose: () => void;
  onCopied: (to: ArtifactLocation) => void;
}) {
  const { t } = useI18n();
  const projectsId = useId();
  const [target, setTarget] = useState<Target>({ project: '', repository: from.repository, tag: '' });
  const [submitted, setSubmitted] = useState(false);
  const projects = useQuery(projectListQuery({ page: 1, pageSize: 100 }));
  const copy = useCopyArtifact();
  const [tagError, setTagError] = useState<unknown>(null);
  const errors = copyTargetErrors(target);
  const show = (field: keyof Target) => submitted && errors[field];
  const set = (field: keyof Target) => (value: string) => setTarget({ ...target, [field]: value.trim() });

  const submit = () => {
    setSubmitted(true);
    setTagError(null);
    if (Object.keys(errors).length > 0) return;
    const to = { projectName: target.project, repository: target.repository };
    copy.mutate(
      { to, from: `${from.projectName}/${from.repository}@${digest}`, digest, tag: target.tag || undefined },
      { onSuccess: ({ tagError: failed }) => (failed ? setTagError(failed) : onCopied(to)) },
    );
  };

  return (
    <Dialog
      open
      title={t('artifacts.copy_title')}
      onClose={onClose}
      submitLabel={t('artifacts.copy')}
      submitting={copy.isPending}
      onSubmit={submit}
    >
      <p className="field__hint mono">{`${from.projectName}/${from.repository}@${digest}`}</p>
      <TextField
        label={t('artifacts.copy_project')}
        value={target.project}
        list={projectsId}
        autoFocus
        error={show('project') ? t('users.required') : null}
        onChange={set('project')}
      />
      <datalist id={projectsId}>
        {projects.data?.items.map((project) => (
          <option key={project.project_id} value={project.name} />
        ))}
      </datalist>
      <TextField
        label={t('artifacts.copy_repository')}
        value={target.repository}
        error={show('repository') ? t('artifacts.repository_rule') : null}
        onChange={set('repository')}
      />
      <TextField
        label={t('artifacts.copy_tag')}
        value={target.tag}
        error={show('tag') ? t('artifacts.tag_rule') : null}
        hint={t('artifacts.copy_tag_hint')}
        onChange={set('tag')}
      />
      {copy.isError && <Alert>{errorMessage(copy.error, t)}</Alert>}
      {tagError ? (
        <Alert>{t('artifacts.copy_tag_failed', { reason: errorMessage(tagError, t) })}</Alert>
      ) : null}
    </Dialog>
  );
}
