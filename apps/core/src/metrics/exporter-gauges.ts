import { Gauge, type Registry } from 'prom-client';
import type { ExporterSnapshot } from './exporter-snapshot.js';

type Labels<T extends string> = Partial<Record<T, string>>;

/** Harbor's exporter metrics (namespace harbor, no subsystem), set from a snapshot at each scrape. */
export class ExporterGauges {
  private readonly all: Gauge[] = [];
  private readonly gauge = <T extends string>(name: string, help: string, labelNames: T[] = []) => {
    const gauge = new Gauge<T>({ name: `harbor_${name}`, help, labelNames, registers: [this.registry] });
    this.all.push(gauge as Gauge);
    return gauge;
  };

  private readonly projectTotal = this.gauge('project_total', 'Total projects number', ['public']);
  private readonly quotaUsage = this.gauge('project_quota_usage_byte', 'The used resource of a project', [
    'project_name',
  ]);
  private readonly quota = this.gauge('project_quota_byte', 'The quota of a project', ['project_name']);
  private readonly repoTotal = this.gauge('project_repo_total', 'Total project repos number', [
    'project_name',
    'public',
  ]);
  private readonly memberTotal = this.gauge('project_member_total', 'Total members number of a project', [
    'project_name',
  ]);
  private readonly pulled = this.gauge('artifact_pulled', 'The pull number of an artifact', ['project_name']);
  private readonly artifactTotal = this.gauge('project_artifact_total', 'Total project artifacts number', [
    'project_name',
    'public',
    'artifact_type',
  ]);
  private readonly health = this.gauge('health', 'Running status of Harbor');
  private readonly up = this.gauge('up', 'Running status of harbor component', ['component']);
  private readonly systemInfo = this.gauge('system_info', 'Information of Harbor system', [
    'auth_mode',
    'harbor_version',
    'self_registration',
  ]);
  private readonly queueSize = this.gauge('task_queue_size', 'Total number of tasks', ['type']);
  private readonly queueLatency = this.gauge(
    'task_queue_latency',
    'how long ago the next job to be processed was enqueued',
    ['type'],
  );
  private readonly concurrency = this.gauge('task_concurrency', 'Total number of concurrency on a pool', [
    'type',
    'pool',
  ]);
  private readonly scheduled = this.gauge('task_scheduled_total', 'total number of scheduled job');

  constructor(private readonly registry: Registry) {}

  /** Replaces every exporter series; a part missing from the snapshot leaves its metrics empty. */
  apply(snapshot: ExporterSnapshot): void {
    for (const gauge of this.all) gauge.reset();
    if (snapshot.projects) this.applyProjects(snapshot.projects);
    if (snapshot.health) {
      this.health.set(healthy(snapshot.health.status));
      for (const c of snapshot.health.components) this.up.set({ component: c.name }, healthy(c.status));
    }
    if (snapshot.system) {
      const { authMode, version, selfRegistration } = snapshot.system;
      this.systemInfo.set(
        { auth_mode: authMode, harbor_version: version, self_registration: String(selfRegistration) },
        1,
      );
    }
    if (snapshot.jobs) {
      for (const q of snapshot.jobs.queues) {
        this.queueSize.set({ type: q.type }, q.size);
        this.queueLatency.set({ type: q.type }, q.latencySeconds);
      }
      for (const c of snapshot.jobs.concurrency)
        this.concurrency.set({ type: c.type, pool: c.pool }, c.running);
      this.scheduled.set(snapshot.jobs.scheduled);
    }
  }

  private applyProjects(projects: NonNullable<ExporterSnapshot['projects']>): void {
    const totals: Record<string, number> = {};
    for (const p of projects) {
      const visibility = String(p.public);
      totals[visibility] = (totals[visibility] ?? 0) + 1;
      const project: Labels<'project_name'> = { project_name: p.name };
      this.quotaUsage.set(project, p.usageBytes);
      this.quota.set(project, p.quotaBytes);
      this.memberTotal.set(project, p.members);
      this.repoTotal.set({ ...project, public: visibility }, p.repositories);
      this.pulled.set(project, p.pulls);
      for (const [type, total] of Object.entries(p.artifacts))
        this.artifactTotal.set({ ...project, public: visibility, artifact_type: type }, total);
    }
    for (const [visibility, count] of Object.entries(totals))
      this.projectTotal.set({ public: visibility }, count);
  }
}

function healthy(status: string): number {
  return status === 'healthy' ? 1 : 0;
}
