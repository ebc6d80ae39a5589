import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { CopyButton } from '../../../components/CopyButton';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatBytes, formatDateTime, shortDigest } from '../../../lib/format';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { useRegistryHost } from '../../systeminfo/use-registry-host';
import { artifactListQuery } from '../queries';

const PAGE_SIZE = 15;

/** One repository's artifacts: digest, tags, size, push time, and the pull command per tag. */
export default function ArtifactsPage() {
  const { t, locale } = useI18n();
  const { project } = useProjectContext();
  const repository = useParams()['*'] ?? '';
  const host = useRegistryHost();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const artifacts = useQuery(artifactListQuery(project.name, repository, { page, pageSize: PAGE_SIZE }));
  const image = `${host}/${project.name}/${repository}`;

  let body;
  if (artifacts.isPending) body = <TableSkeleton columns={5} />;
  else if (artifacts.isError)
    body = <QueryError error={artifacts.error} onRetry={() => void artifacts.refetch()} />;
  else if (artifacts.data.total === 0) body = <EmptyState title={t('artifacts.empty_title')} />;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('artifacts.col_digest')}</th>
                <th>{t('artifacts.col_tags')}</th>
                <th className="table__num">{t('artifacts.col_size')}</th>
                <th>{t('artifacts.col_pushed')}</th>
                <th>{t('artifacts.col_pull')}</th>
              </tr>
            </thead>
            <tbody>
              {artifacts.data.items.map((artifact) => {
                const tags = artifact.tags ?? [];
                const reference = tags[0] ? `:${tags[0].name}` : `@${artifact.digest}`;
                return (
                  <tr key={artifact.id}>
                    <td>
                      <span className="mono" title={artifact.digest}>
                        {shortDigest(artifact.digest)}
                      </span>
                      <CopyButton text={artifact.digest} label={t('artifacts.copy_digest')} />
                    </td>
                    <td>
                      {tags.length ? (
                        <span className="tag-list">
                          {tags.map((tag) => (
                            <span key={tag.id} className="badge">
                              {tag.name}
                            </span>
                          ))}
                        </span>
                      ) : (
                        <span className="quota__text">{t('artifacts.untagged')}</span>
                      )}
                      {artifact.references && artifact.references.length > 0 && (
                        <span className="quota__text" style={{ display: 'block', marginTop: '0.2rem' }}>
                          {artifact.references
                            .map((ref) => (ref.platform ? `${ref.platform.os ?? '?'}/${ref.platform.architecture ?? '?'}` : shortDigest(ref.child_digest)))
                            .join(', ')}
                        </span>
                      )}
                    </td>
                    <td className="table__num">{formatBytes(artifact.size)}</td>
                    <td>{formatDateTime(artifact.push_time, locale)}</td>
                    <td className="pull-cell">
                      <code className="mono pull-cell__text" title={`docker pull ${image}${reference}`}>
                        {`docker pull ${image}${reference}`}
                      </code>
                      <CopyButton
                        text={`docker pull ${image}${reference}`}
                        label={t('artifacts.copy_pull', { reference: `${repository}${reference}` })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={artifacts.data.total}
          onPageChange={(next) => setParams(next === 1 ? {} : { page: String(next) }, { replace: true })}
        />
      </>
    );

  return (
    <>
      <nav className="breadcrumb" aria-label={t('project.breadcrumb')}>
        <Link to={`/harbor/projects/${project.project_id}/repositories`}>{t('project.tab_repositories')}</Link>
        <span aria-hidden="true">/</span>
        <span>{repository}</span>
      </nav>
      <h2 className="section__title">{`${project.name}/${repository}`}</h2>
      {body}
    </>
  );
}
