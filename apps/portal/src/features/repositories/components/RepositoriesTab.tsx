import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CommandLine } from '../../../components/CopyButton';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/use-debounced';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { useRegistryHost } from '../../systeminfo/use-registry-host';
import { repositoryShortName } from '../api';
import { repositoryListQuery, useDeleteRepository } from '../queries';

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
      <CommandLine
        command={`docker push ${host}/${projectName}/REPOSITORY[:TAG]`}
        label={t('app.copy_command')}
      />
    </div>
  );
}

export default function RepositoriesTab() {
  const { t, locale } = useI18n();
  const { project, canMaintain } = useProjectContext();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const name = params.get('q') ?? '';
  const [search, setSearch] = useState(name);
  const debounced = useDebounced(search.trim());
  const [deleting, setDeleting] = useState<string | null>(null);
  const remove = useDeleteRepository(project.name);
  const repositories = useQuery(repositoryListQuery(project.name, { page, pageSize: PAGE_SIZE, name }));

  useEffect(() => {
    setParams(
      (previous) => {
        if ((previous.get('q') ?? '') === debounced) return previous;
        const next = new URLSearchParams(previous);
        if (debounced) next.set('q', debounced);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [debounced, setParams]);

  let body;
  if (repositories.isPending) body = <TableSkeleton columns={4} />;
  else if (repositories.isError)
    body = <QueryError error={repositories.error} onRetry={() => void repositories.refetch()} />;
  else if (repositories.data.total === 0 && !name)
    body = (
      <EmptyState title={t('repositories.empty_title')}>
        <PushCommands projectName={project.name} />
      </EmptyState>
    );
  else if (repositories.data.total === 0) body = <EmptyState title={t('repositories.no_match', { name })} />;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('repositories.col_name')}</th>
                <th className="table__num">{t('repositories.col_artifacts')}</th>
                <th className="table__num">{t('repositories.col_pulls')}</th>
                <th>{t('repositories.col_updated')}</th>
                {canMaintain && <th className="table__actions">{t('app.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {repositories.data.items.map((repository) => {
                const short = repositoryShortName(project.name, repository.name);
                return (
                  <tr key={repository.id}>
                    <td>
                      <Link to={`/harbor/projects/${project.project_id}/repositories/${short}`}>
                        {repository.name}
                      </Link>
                    </td>
                    <td className="table__num">{repository.artifact_count ?? 0}</td>
                    <td className="table__num">{repository.pull_count ?? 0}</td>
                    <td>{formatDateTime(repository.update_time, locale)}</td>
                    {canMaintain && (
                      <td className="table__actions">
                        <button
                          type="button"
                          className="btn btn--link danger"
                          onClick={() => setDeleting(short)}
                        >
                          {t('app.delete')}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={repositories.data.total}
          onPageChange={(next) =>
            setParams(
              (previous) => {
                const updated = new URLSearchParams(previous);
                if (next === 1) updated.delete('page');
                else updated.set('page', String(next));
                return updated;
              },
              { replace: true },
            )
          }
        />
      </>
    );

  return (
    <>
      <div className="toolbar">
        <span className="toolbar__spacer" />
        <input
          type="search"
          className="search"
          placeholder={t('repositories.search')}
          aria-label={t('repositories.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {body}
      <ConfirmDialog
        open={deleting !== null}
        title={t('repositories.delete_title')}
        message={t('repositories.delete_confirm', { name: `${project.name}/${deleting ?? ''}` })}
        confirmLabel={t('app.delete')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting, { onSuccess: () => setDeleting(null) });
        }}
      />
    </>
  );
}
