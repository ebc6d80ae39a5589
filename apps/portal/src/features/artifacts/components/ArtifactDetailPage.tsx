import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { CommandLine, CopyButton } from '../../../components/CopyButton';
import { QueryError } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatBytes, formatDateTime, shortDigest } from '../../../lib/format';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { useRegistryHost } from '../../systeminfo/use-registry-host';
import type { Artifact, ArtifactLocation } from '../api';
import { artifactQuery } from '../queries';
import { artifactUrl, repositoryUrl } from '../route';
import { useRepositoryRoute } from '../use-repository-route';
import { ArtifactActionButtons, ArtifactDialogs, type ArtifactAction } from './ArtifactDialogs';
import { ArtifactLabels, ArtifactTags } from './ArtifactTags';
import { BuildHistory } from './BuildHistory';
import { AccessoriesTable } from './Accessories';
import { ChartFiles } from './ChartFiles';
import { ScanOverview } from './ScanOverview';
import { SbomPanel } from './SbomPanel';
import { SbomStatus } from './SbomStatus';
import { VulnerabilitiesPanel } from './VulnerabilitiesPanel';
import { platformName } from './platforms';
import './artifacts.css';
import { sbomOverviewOf } from '../sboms';
import { scanOverviewOf } from '../scans';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="artifact-section" aria-label={title}>
      <h3 className="artifact-section__title">{title}</h3>
      {children}
    </section>
  );
}

/** An image's config attributes Harbor copies into extra_attrs (architecture, os, author, created). */
function extraAttr(artifact: Artifact, name: string): string | undefined {
  const value = (artifact.extra_attrs as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value ? value : undefined;
}

function Overview({ artifact }: { artifact: Artifact }) {
  const { t, locale } = useI18n();
  const os = extraAttr(artifact, 'os');
  const architecture = extraAttr(artifact, 'architecture');
  const rows: [string, ReactNode][] = [
    [t('artifacts.col_digest'), <span className="mono break">{artifact.digest}</span>],
    [t('artifacts.col_type'), artifact.type ?? '—'],
    [
      t('artifact.media_type'),
      <span className="mono break">{artifact.manifest_media_type ?? artifact.media_type ?? '—'}</span>,
    ],
    [t('artifacts.col_size'), formatBytes(artifact.size)],
    [t('artifact.platform'), os || architecture ? platformName({ os, architecture }) : '—'],
    [t('artifact.author'), extraAttr(artifact, 'author') ?? '—'],
    [t('artifact.created'), formatDateTime(extraAttr(artifact, 'created'), locale)],
    [t('artifacts.col_pushed'), formatDateTime(artifact.push_time, locale)],
    [t('artifacts.col_pulled'), formatDateTime(artifact.pull_time, locale)],
  ];
  return (
    <dl className="artifact-overview">
      {rows.map(([label, value]) => (
        <div key={label} className="artifact-overview__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function KeyValues({ values, label }: { values: Record<string, string>; label: string }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th>{t('artifact.col_key')}</th>
            <th>{t('artifact.col_value')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(values).map(([key, value]) => (
            <tr key={key}>
              <td className="mono">{key}</td>
              <td className="break">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function References({
  at,
  projectId,
  artifact,
}: {
  at: ArtifactLocation;
  projectId: number;
  artifact: Artifact;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" aria-label={t('artifact.references')}>
        <thead>
          <tr>
            <th>{t('artifacts.col_digest')}</th>
            <th>{t('artifact.platform')}</th>
          </tr>
        </thead>
        <tbody>
          {(artifact.references ?? []).map((ref) => (
            <tr key={ref.child_digest}>
              <td>
                <Link className="mono" to={artifactUrl(projectId, at.repository, ref.child_digest)}>
                  {shortDigest(ref.child_digest)}
                </Link>
              </td>
              <td>{platformName(ref.platform)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One artifact: overview, tags, labels, pull commands, annotations, an index's references, build history. */
export default function ArtifactDetailPage() {
  const { repository, digest = '' } = useRepositoryRoute();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { project, canPush, canMaintain } = useProjectContext();
  const host = useRegistryHost();
  const at: ArtifactLocation = { projectName: project.name, repository };
  const artifact = useQuery(artifactQuery(at, digest));
  const [open, setOpen] = useState<ArtifactAction | null>(null);
  const image = `${host}/${project.name}/${repository}`;

  const breadcrumb = (
    <nav className="breadcrumb" aria-label={t('project.breadcrumb')}>
      <Link to={`/harbor/projects/${project.project_id}/repositories`}>{t('project.tab_repositories')}</Link>
      <span aria-hidden="true">/</span>
      <Link to={repositoryUrl(project.project_id, repository)}>{repository}</Link>
      <span aria-hidden="true">/</span>
      <span className="mono">{shortDigest(digest)}</span>
    </nav>
  );
  if (artifact.isPending)
    return (
      <>
        {breadcrumb}
        <span className="skeleton" style={{ width: '20rem', height: '1.4rem' }} />
      </>
    );
  if (artifact.isError)
    return (
      <>
        {breadcrumb}
        <QueryError error={artifact.error} onRetry={() => void artifact.refetch()} />
      </>
    );

  const data = artifact.data;
  const references = data.references ?? [];
  const annotations = (data.annotations ?? {}) as Record<string, string>;
  const accessories = data.accessories ?? [];
  // Charts link their values.yaml and readme.md additions; images their build history.
  const links = (data.addition_links ?? {}) as Record<string, unknown>;
  const isChart = 'values.yaml' in links || data.type === 'CHART';
  const pulls = [...(data.tags ?? []).map((tag) => `:${tag.name}`), `@${data.digest}`];
  return (
    <>
      {breadcrumb}
      <div className="artifact-header">
        <h2 className="section__title">
          {`${project.name}/${repository}@`}
          <span className="mono">{shortDigest(data.digest)}</span>
        </h2>
        <CopyButton text={data.digest} label={t('artifacts.copy_digest')} />
        <span className="toolbar__spacer" />
        <ArtifactActionButtons permissions={{ canPush, canMaintain }} onAction={setOpen} />
      </div>
      <ArtifactDialogs
        at={at}
        projectId={project.project_id}
        open={open ? { action: open, artifact: data } : null}
        onClose={() => setOpen(null)}
        onDeleted={() => void navigate(repositoryUrl(project.project_id, repository), { replace: true })}
      />
      <Section title={t('artifact.overview')}>
        <Overview artifact={data} />
      </Section>
      <Section title={t('artifacts.col_tags')}>
        <ArtifactTags at={at} artifact={data} editable={canPush} />
      </Section>
      <Section title={t('artifacts.col_labels')}>
        <ArtifactLabels at={at} artifact={data} editable={canPush} />
      </Section>
      <Section title={t('artifacts.col_pull')}>
        {pulls.map((reference) => (
          <CommandLine
            key={reference}
            command={`docker pull ${image}${reference}`}
            label={t('artifacts.copy_pull', { reference: `${repository}${reference}` })}
          />
        ))}
      </Section>
      {references.length > 0 && (
        <Section title={t('artifact.references')}>
          <References at={at} projectId={project.project_id} artifact={data} />
        </Section>
      )}
      {Object.keys(annotations).length > 0 && (
        <Section title={t('artifact.annotations')}>
          <KeyValues values={annotations} label={t('artifact.annotations')} />
        </Section>
      )}
      {accessories.length > 0 && (
        <Section title={t('artifact.accessories')}>
          <AccessoriesTable accessories={accessories} label={t('artifact.accessories')} />
        </Section>
      )}
      {isChart && (
        <Section title={t('artifact.chart_files')}>
          <ChartFiles at={at} digest={data.digest} />
        </Section>
      )}
      {references.length === 0 && !isChart && (
        <Section title={t('scan.vulnerabilities')}>
          <ScanOverview summary={scanOverviewOf(data)} />
          <VulnerabilitiesPanel at={at} digest={data.digest} />
        </Section>
      )}
      {references.length === 0 && !isChart && (
        <Section title={t('sbom.title')}>
          <SbomStatus overview={sbomOverviewOf(data)} />
          <SbomPanel at={at} digest={data.digest} sbomDigest={sbomOverviewOf(data)?.sbom_digest} />
        </Section>
      )}
      {references.length === 0 && !isChart && (
        <Section title={t('artifact.build_history')}>
          <BuildHistory at={at} digest={data.digest} />
        </Section>
      )}
    </>
  );
}
