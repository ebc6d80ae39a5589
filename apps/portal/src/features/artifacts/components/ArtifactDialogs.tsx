import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useI18n } from '../../../i18n/I18nProvider';
import { shortDigest } from '../../../lib/format';
import type { Artifact, ArtifactLocation } from '../api';
import { useDeleteArtifact } from '../queries';
import { AddLabelDialog } from './AddLabelDialog';
import { AddTagDialog } from './AddTagDialog';
import { CopyArtifactDialog } from './CopyArtifactDialog';

export type ArtifactAction = 'tag' | 'label' | 'copy' | 'delete';

export interface ArtifactPermissions {
  /** Developer and up: tags, labels, copies. */
  canPush: boolean;
  /** Maintainer and up: deletes. */
  canMaintain: boolean;
}

/** The row or page buttons that open the artifact dialogs. */
export function ArtifactActionButtons({
  permissions,
  onAction,
}: {
  permissions: ArtifactPermissions;
  onAction: (action: ArtifactAction) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {permissions.canPush && (
        <>
          <button type="button" className="btn btn--link" onClick={() => onAction('tag')}>
            {t('artifacts.add_tag')}
          </button>
          <button type="button" className="btn btn--link" onClick={() => onAction('label')}>
            {t('artifacts.add_label')}
          </button>
          <button type="button" className="btn btn--link" onClick={() => onAction('copy')}>
            {t('artifacts.copy')}
          </button>
        </>
      )}
      {permissions.canMaintain && (
        <button type="button" className="btn btn--link danger" onClick={() => onAction('delete')}>
          {t('app.delete')}
        </button>
      )}
    </>
  );
}

/** One open dialog for `artifact` at a time; `onDeleted` runs after a confirmed delete. */
export function ArtifactDialogs({
  at,
  projectId,
  open,
  onClose,
  onDeleted,
}: {
  at: ArtifactLocation;
  projectId: number;
  open: { action: ArtifactAction; artifact: Artifact } | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  const remove = useDeleteArtifact(at);
  const [copied, setCopied] = useState<ArtifactLocation | null>(null);
  const artifact = open?.artifact;
  return (
    <>
      {copied && (
        <p className="success" role="status">
          {t('artifacts.copied_to', { target: `${copied.projectName}/${copied.repository}` })}{' '}
          <Link to={`/harbor/projects?name=${encodeURIComponent(copied.projectName)}`}>
            {t('artifacts.copied_open')}
          </Link>
        </p>
      )}
      {open?.action === 'tag' && <AddTagDialog at={at} digest={open.artifact.digest} onClose={onClose} />}
      {open?.action === 'label' && (
        <AddLabelDialog at={at} projectId={projectId} artifact={open.artifact} onClose={onClose} />
      )}
      {open?.action === 'copy' && (
        <CopyArtifactDialog
          from={at}
          digest={open.artifact.digest}
          onClose={onClose}
          onCopied={(to) => {
            setCopied(to);
            onClose();
          }}
        />
      )}
      <ConfirmDialog
        open={open?.action === 'delete'}
        title={t('artifacts.delete_title')}
        message={t('artifacts.delete_confirm', {
          artifact: artifact ? `${at.repository}@${shortDigest(artifact.digest)}` : '',
        })}
        confirmLabel={t('app.delete')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          remove.reset();
          onClose();
        }}
        onConfirm={() => {
          if (artifact)
            remove.mutate(artifact.digest, {
              onSuccess: () => {
                onClose();
                onDeleted?.();
              },
            });
        }}
      />
    </>
  );
}
