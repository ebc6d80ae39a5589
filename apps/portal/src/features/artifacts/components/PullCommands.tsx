import { CopyButton } from '../../../components/CopyButton';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Artifact } from '../api';

/** `docker pull` by the first tag (when tagged) and by digest, each with a copy button. */
export function PullCommands({
  image,
  repository,
  artifact,
}: {
  image: string;
  repository: string;
  artifact: Artifact;
}) {
  const { t } = useI18n();
  const tag = artifact.tags?.[0]?.name;
  const references = [...(tag ? [`:${tag}`] : []), `@${artifact.digest}`];
  return (
    <span className="pull-cell">
      {references.map((reference) => {
        const shown = reference.startsWith(':') ? reference : '@sha256';
        return (
          <span key={reference} className="pull-cell__item">
            <code className="mono pull-cell__text" title={`docker pull ${image}${reference}`}>
              {`docker pull …${shown}`}
            </code>
            <CopyButton
              text={`docker pull ${image}${reference}`}
              label={t('artifacts.copy_pull', { reference: `${repository}${shown}` })}
            />
          </span>
        );
      })}
    </span>
  );
}
