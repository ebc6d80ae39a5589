import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/I18nProvider';
import { apiClient } from '../../lib/api-client';
import { useDebounced } from '../../lib/use-debounced';
import type { Project } from '../projects/api';
import type { Repository } from '../repositories/api';
import './GlobalSearch.css';

interface SearchResult {
  project: Project[];
  repository: (Repository & { project_id: number; project_name?: string; repository_name?: string })[];
}

const searchQuery = (q: string) =>
  queryOptions({
    queryKey: ['search', q] as const,
    queryFn: ({ signal }) => apiClient.get<SearchResult>('/search', { signal, query: { q } }),
    enabled: q.length > 0,
    staleTime: 30_000,
  });

/** Harbor's header search: projects and repositories whose names contain the text. */
export function GlobalSearch() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(text.trim());
  const results = useQuery(searchQuery(q));
  const rootRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    setText('');
  };
  const data = results.data;
  const repoLink = (repo: SearchResult['repository'][number]) => {
    const name = repo.repository_name ?? repo.name;
    const short = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
    return `/harbor/projects/${repo.project_id}/repositories/${short}`;
  };

  return (
    <div className="global-search" ref={rootRef}>
      <input
        type="search"
        className="global-search__input"
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        aria-controls={listId}
        value={text}
        onFocus={() => setOpen(true)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
      />
      {open && q && (
        <div className="global-search__popup" id={listId} role="region" aria-label={t('search.results')}>
          {!data ? (
            <p className="global-search__empty">{t('app.loading')}</p>
          ) : data.project.length + data.repository.length === 0 ? (
            <p className="global-search__empty">{t('search.none', { q })}</p>
          ) : (
            <>
              {data.project.length > 0 && <p className="global-search__group">{t('search.projects')}</p>}
              {data.project.slice(0, 8).map((project) => (
                <Link
                  key={`p${project.project_id}`}
                  className="global-search__item"
                  to={`/harbor/projects/${project.project_id}/repositories`}
                  onClick={close}
                >
                  {project.name}
                </Link>
              ))}
              {data.repository.length > 0 && (
                <p className="global-search__group">{t('search.repositories')}</p>
              )}
              {data.repository.slice(0, 8).map((repo) => (
                <Link
                  key={`r${repo.project_id}-${repo.repository_name ?? repo.name}`}
                  className="global-search__item"
                  to={repoLink(repo)}
                  onClick={close}
                >
                  {repo.repository_name ?? repo.name}
                </Link>
              ))}
            </>
          )}
        </div>
      )}
    </div>
  );
}
