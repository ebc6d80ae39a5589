import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { CommandLine } from '../../../components/CopyButton';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { useRegistryHost } from '../../systeminfo/use-registry-host';
import { repositoryShortName } from '../api';
import { repositoryListQuery } from '../queries';

const PAGE_SIZE = 15;

/** The commands that put a first image into this project (shown while it is empty). */
export function PushCommands({ projectName }: { projectName: string }) {
  const { t } = useI18n();
  const host = useRegistryHost();
  return (
    <div className="push-help">
      <p>{t('repositories.push_step_login')}</p>
      <CommandLine command={`docker login ${host}`} label={t('app.copy_command')} />
      <p>{t('repositories.push_step_tag')}</p>
      <CommandLine
        command={`docker tag SOURCE_IMAGE[:TAG] ${host}/${projectName}/REPOSITORY[:TAG]`}
        label={t('app.copy_command')}
      />
      <p>{t('repositories.push_step_push')}</p>
      <CommandLine command={`docker push ${host}/${projectName}/REPOSITORY[:TAG]`} label={t('app.copy_command')} />
    </div>
  );
}

export default function RepositoriesTab() {
  const { t, locale } = useI18n();
  const { project } = useProjectContext();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const repositories = useQuery(repositoryListQuery(project.name, { page, pageSize: PAGE_SIZE }));

  if (repositories.isPending) return <TableSkeleton columns={4} />;
  if (repositories.isError)
    return <QueryError error={repositories.error} onRetry={() => void repositories.refetch()} />;
  if (repositories.data.total === 0) {
    return (
      <EmptyState title={t('repositories.empty_title')}>
        <PushCommands projectName={project.name} />
      </EmptyState>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('repositories.col_name')}</th>
              <th className="table__num">{t('repositories.col_artifacts')}</th>
              <th className="table__num">{t('repositories.col_pulls')}</th>
              <th>{t('repositories.col_updated')}</th>
            </tr>
          </thead>
          <tbody>
            {repositories.data.items.map((repository) => (
              <tr key={repository.id}>
                <td>
                  <Link
                    to={`/harbor/projects/${project.project_id}/repositories/${repositoryShortName(project.name, repository.name)}`}
                  >
                    {repository.name}
                  </Link>
                </td>
                <td className="table__num">{repository.artifact_count ?? 0}</td>
                <td className="table__num">{repository.pull_count ?? 0}</td>
                <td>{formatDateTime(repository.update_time, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        page={page}
        pageSize={PAGE_SIZE}
        total={repositories.data.total}
        onPageChange={(next) => setParams(next === 1 ? {} : { page: String(next) }, { replace: true })}
      />
    </>
  );
}
