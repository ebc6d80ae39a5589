import type { DataSource } from 'typeorm';
import type { JobProducer } from '@harbor-ts/jobs';
import { repositoryInProject } from '@harbor-ts/selectors';
import type { JobContext, JobHandler } from '../../runner/job-handler.js';
import type { JobOutcomes } from '../../runner/job-outcomes.js';
import { RetentionCandidates, type RetentionRepository } from './retention-candidates.js';
import {
  evaluateRetention,
  ruleAppliesTo,
  type RetentionCandidate,
  type Verdict,
} from './retention-evaluator.js';

type Context = JobContext<'RETENTION'>;

const MARK: Record<Verdict, string> = { retain: 'RETAIN', delete: 'DEL', immutable: 'IMMUTABLE' };

/** Who the audit log names for a retention deletion: Harbor's job service user. */
export const RETENTION_OPERATOR = 'harbor-jobservice';

function time(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString() : '';
}

/**
 * Harbor's tag retention job. The launcher task (no repository) adds one task per repository the policy's
 * scope selectors select. A repository's task loads its candidates in one query, evaluates the whole plan
 * before touching anything, then deletes artifact by artifact through the shared delete, checking for a
 * stop between deletions. Any database error ends the task as Error where it happened: nothing is ever
 * deleted on the strength of a read that failed. A dry run deletes nothing and logs the same plan.
 */
export class RetentionHandler implements JobHandler<'RETENTION'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
    private readonly outcomes: JobOutcomes,
  ) {}

  async run(context: Context): Promise<void> {
    const store = new RetentionCandidates(this.dataSource);
    const { repository_id: repositoryId } = context.params;
    if (repositoryId === undefined) await this.launch(context, store);
    else await this.retain(context, store, repositoryId);
  }

  private async launch(context: Context, store: RetentionCandidates): Promise<void> {
    const { policy_id: policyId, dry_run: dryRun } = context.params;
    const policy = await store.policy(policyId);
    if (policy.scope.level !== 'project') throw new Error(`scope ${policy.scope.level} is not supported`);
    const repositories = (await store.repositories(policy.scope.ref)).filter((repo) =>
      policy.rules.some((rule) => ruleAppliesTo(rule, repositoryInProject(repo.name))),
    );
    context.log.info(
      `Retention policy ${policyId}: ${repositories.length} repositories selected, dry run: ${dryRun}`,
    );
    if (context.signal.aborted) return;
    const taskIds = await store.addTasks(
      context.executionId,
      repositories.map((repo) => ({
        parameters: { policy_id: policyId, dry_run: dryRun, repository_id: repo.id },
        repository: repositoryInProject(repo.name),
        dry_run: dryRun,
        total: 0,
        retained: 0,
      })),
    );
    try {
      await this.producer.enqueue('RETENTION', taskIds);
    } catch (error) {
      // The tasks are Pending in Postgres; the execution sweeper enqueues them again.
      context.log.warn(
        `enqueueing the repository tasks failed, they are left to the sweeper: ${String(error)}`,
      );
    }
  }

  private async retain(context: Context, store: RetentionCandidates, repositoryId: number): Promise<void> {
    const { policy_id: policyId, dry_run: dryRun } = context.params;
    const { log, signal } = context;
    const policy = await store.policy(policyId);
    const repo = await store.repository(repositoryId);
    if (!repo) {
      log.info(`repository ${repositoryId} no longer exists, nothing to do`);
      return;
    }
    log.info(
      `Run retention process.\n Repository: ${repo.name}\n Rule Algorithm: ${policy.algorithm}\n Dry Run: ${dryRun}`,
    );
    if (signal.aborted) return this.stopped(context);
    const candidates = await store.candidates(repo.id);
    log.info(`Load ${candidates.length} candidates from repository ${repo.name}`);
    const immutableRules = await store.immutableRules(repo.projectId);
    const plan = evaluateRetention({
      rules: policy.rules,
      repository: repositoryInProject(repo.name),
      candidates,
      immutableRules,
      now: Date.now(),
    });
    const total = candidates.length;
    this.logPlan(context, repo, candidates, plan.verdicts);
    if (dryRun) {
      await store.setCounts(context.taskId, { total, retained: total - plan.doomed.length });
      log.info(`[DRYRUN] ${plan.doomed.length} of ${total} artifacts would be deleted`);
      return;
    }
    await store.setCounts(context.taskId, { total, retained: total });
    const deleted: { repository: string; digest: string; tags: string[] }[] = [];
    for (const [index, candidate] of plan.doomed.entries()) {
      if (signal.aborted) return this.stopped(context);
      const outcome = await store.delete(candidate, context.taskId);
      const what = `${repo.name}@${candidate.digest} (${candidate.tags.join(',') || 'untagged'})`;
      const step = `[${index + 1}/${plan.doomed.length}]`;
      if (outcome === 'deleted') {
        deleted.push({ repository: repo.name, digest: candidate.digest, tags: candidate.tags });
        await this.announce(context, repo, candidate);
      }
      if (outcome === 'deleted') log.info(`${step} deleted ${what}`);
      else if (outcome === 'gone') log.info(`${step} ${what} was already deleted`);
      else if (outcome === 'changed')
        log.info(`${step} kept ${what}: its tags changed since it was evaluated`);
      else log.info(`${step} kept ${what}: an index lists it now`);
    }
    // What core's TAG_RETENTION webhook lists, read once the task is Success.
    await store.setDeleted(context.taskId, deleted);
    log.info(`Deleted ${deleted.length} of ${total} artifacts in ${repo.name}`);
  }

  /** The deletion is committed: core audits it and sends DELETE_ARTIFACT, as for a user's delete. */
  private announce(
    context: Context,
    repo: RetentionRepository,
    candidate: RetentionCandidate,
  ): Promise<void> {
    return this.outcomes.publish({
      kind: 'artifact.deleted',
      vendorType: 'RETENTION',
      executionId: context.executionId,
      taskId: context.taskId,
      projectId: repo.projectId,
      repository: repo.name,
      digest: candidate.digest,
      tags: candidate.tags,
      operator: RETENTION_OPERATOR,
      at: new Date().toISOString(),
    });
  }

  private stopped(context: Context): void {
    context.log.info('Retention job is stopped');
  }

  /** Harbor's result table: every candidate with its digest, tags, times and what retention does with it. */
  private logPlan(
    context: Context,
    repo: RetentionRepository,
    candidates: RetentionCandidate[],
    verdicts: Map<number, Verdict>,
  ): void {
    const lines = ['| Digest | Tag | PushedTime | PulledTime | Retention |'];
    for (const c of candidates) {
      const verdict = MARK[verdicts.get(c.id) ?? 'retain'];
      lines.push(
        `| ${c.digest} | ${c.tags.join(',')} | ${time(c.pushedTime)} | ${time(c.pulledTime)} | ${verdict} |`,
      );
    }
    context.log.info(`${repo.name}\n${lines.join('\n')}`);
  }
}
