import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createExecution,
  dataSourceOptions,
  getTask,
  mergeExecutionAttrs,
  readTaskLog,
  Trigger,
} from '@harbor-ts/db';
import type { JobOutcome } from '@harbor-ts/events';
import { JOBS, type JobParamsInput, type JobProducer } from '@harbor-ts/jobs';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { RetentionHandler } from '../src/jobs/retention/retention.handler.js';
import type { JobOutcomes } from '../src/runner/job-outcomes.js';
import type { JobContext } from '../src/runner/job-handler.js';
import { TaskLog } from '../src/runner/task-log.js';

const ALL = [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }];
const EVERY_REPO = { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] };

function policyData(rules: object[]) {
  return JSON.stringify({
    algorithm: 'or',
    rules,
    trigger: { kind: 'Schedule', settings: { cron: '' } },
    scope: { level: 'project', ref: 1 },
  });
}

function latestPushed(k: number, tagSelectors: object[] = ALL) {
  return {
    action: 'retain',
    template: 'latestPushedK',
    params: { latestPushedK: k },
    tag_selectors: tagSelectors,
    scope_selectors: EVERY_REPO,
  };
}

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** Wraps a DataSource so that, after `okCalls` transactions, every next one fails as Postgres would when out of connections. */
function failingTransactions(dataSource: DataSource, okCalls: number): DataSource {
  let calls = 0;
  return new Proxy(dataSource, {
    get(target, property, receiver) {
      if (property === 'transaction')
        return (...args: unknown[]) =>
          ++calls > okCalls
            ? Promise.reject(new Error('sorry, too many clients already'))
            : (target.transaction as (...a: unknown[]) => Promise<unknown>)(...args);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Fails every plain query whose SQL contains `fragment`. */
function failingQuery(dataSource: DataSource, fragment: string): DataSource {
  return new Proxy(dataSource, {
    get(target, property, receiver) {
      if (property === 'query')
        return (sql: string, params?: unknown[]) =>
          sql.includes(fragment)
            ? Promise.reject(new Error('connection terminated'))
            : target.query(sql, params);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('RETENTION handler against Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const logger = pino({ level: 'silent' });
  let repositoryId: number;
  let policyId: number;
  const enqueued: number[] = [];
  const producer = {
    enqueue: (_type: string, ids: number[]) => Promise.resolve(void enqueued.push(...ids)),
  } as unknown as JobProducer;
  /** What the handler tells core's event point (the stream itself is tested in core). */
  const published: JobOutcome[] = [];
  const outcomes = {
    publish: (outcome: JobOutcome) => Promise.resolve(void published.push(outcome)),
  } as unknown as JobOutcomes;

  beforeAll(async () => {
    db = await createTestDatabase('retention_test');
    dataSource = new DataSource(dataSourceOptions(db.config, { runMigrations: true }));
    await dataSource.initialize();
    await dataSource.query(`INSERT INTO harbor_user (username) VALUES ('admin')`);
    await dataSource.query(`INSERT INTO project (project_id, owner_id, name) VALUES (1, 1, 'lib')`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    await dataSource.query(
      'DELETE FROM immutable_tag_rule; DELETE FROM artifact_trash; DELETE FROM retention_policy; DELETE FROM execution',
    );
    await dataSource.query('DELETE FROM artifact; DELETE FROM repository');
    const [repo] = (await dataSource.query(
      `INSERT INTO repository (name, project_id) VALUES ('lib/app', 1) RETURNING repository_id`,
    )) as { repository_id: number }[];
    repositoryId = repo!.repository_id;
    // v1 (oldest) ... v5 (newest), one artifact each, pushed n hours ago.
    for (let n = 1; n <= 5; n++) await artifact(n, [`v${n}`], 10 - n);
    await setPolicy([latestPushed(3)]);
  });

  async function artifact(n: number, tags: string[], hoursAgo: number): Promise<number> {
    const [row] = (await dataSource.query(
      `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size, push_time)
       VALUES (1, $1, 'lib/app', $2, 'IMAGE', 'm', 'm', 10, now() - make_interval(hours => $3)) RETURNING id`,
      [repositoryId, digest(n), hoursAgo],
    )) as { id: number }[];
    for (const tag of tags)
      await dataSource.query(
        `INSERT INTO tag (repository_id, artifact_id, name, push_time) VALUES ($1, $2, $3, now() - make_interval(hours => $4))`,
        [repositoryId, row!.id, tag, hoursAgo],
      );
    return row!.id;
  }

  async function setPolicy(rules: object[]) {
    await dataSource.query('DELETE FROM retention_policy');
    const [row] = (await dataSource.query(
      `INSERT INTO retention_policy (scope_level, scope_reference, trigger_kind, data) VALUES ('project', 1, 'Schedule', $1) RETURNING id`,
      [policyData(rules)],
    )) as { id: number }[];
    policyId = row!.id;
  }

  async function remaining(): Promise<string[]> {
    const rows = (await dataSource.query(
      `SELECT COALESCE(string_agg(t.name, ',' ORDER BY t.name), '<untagged>') AS tags FROM artifact a
         LEFT JOIN tag t ON t.artifact_id = a.id GROUP BY a.id ORDER BY a.id`,
    )) as { tags: string }[];
    return rows.map((r) => r.tags);
  }

  async function run(input: Partial<JobParamsInput<'RETENTION'>>, source: DataSource = dataSource) {
    const params = JOBS.RETENTION.params.parse({
      policy_id: policyId,
      repository_id: repositoryId,
      ...input,
    });
    const { executionId, taskIds } = await dataSource.transaction((manager) =>
      createExecution(manager, { vendorType: 'RETENTION', vendorId: policyId, trigger: Trigger.Manual }, [
        { parameters: params, repository: 'app' },
      ]),
    );
    const taskId = taskIds[0]!;
    const log = new TaskLog(dataSource, taskId, logger);
    const context: JobContext<'RETENTION'> = {
      taskId,
      executionId,
      attempt: 1,
      params,
      signal: new AbortController().signal,
      log,
      report: (attrs) => mergeExecutionAttrs(dataSource, executionId, attrs),
    };
    let error: Error | undefined;
    try {
      await new RetentionHandler(source, producer, outcomes).run(context);
    } catch (e) {
      error = e as Error;
    }
    await log.close();
    const task = await getTask(dataSource, taskId);
    return {
      error,
      executionId,
      counts: task?.extra_attrs as { total?: number; retained?: number; deleted?: unknown[] },
      log: (await readTaskLog(dataSource, taskId)) ?? '',
    };
  }

  it('latestPushedK=3 keeps the three newest and deletes the others through the shared delete', async () => {
    const result = await run({});
    expect(result.error).toBeUndefined();
    expect(await remaining()).toEqual(['v3', 'v4', 'v5']);
    expect(result.counts).toMatchObject({ total: 5, retained: 3 });
    expect(result.log).toContain(`deleted lib/app@${digest(1)} (v1)`);
    expect(result.log).toMatch(new RegExp(`${digest(5)} \\| v5 .*RETAIN`));
    const trash = (await dataSource.query('SELECT digest FROM artifact_trash ORDER BY digest')) as {
      digest: string;
    }[];
    expect(trash.map((t) => t.digest)).toEqual([digest(1), digest(2)]);
    // Each deletion is announced once committed; the task keeps the list for TAG_RETENTION.
    const announced = published.filter((o) => o.kind === 'artifact.deleted');
    expect(announced.map((o) => [o.digest, o.tags, o.projectId, o.repository, o.operator])).toEqual([
      [digest(1), ['v1'], 1, 'lib/app', 'harbor-jobservice'],
      [digest(2), ['v2'], 1, 'lib/app', 'harbor-jobservice'],
    ]);
    expect(result.counts.deleted).toEqual([
      { repository: 'lib/app', digest: digest(1), tags: ['v1'] },
      { repository: 'lib/app', digest: digest(2), tags: ['v2'] },
    ]);
  });

  it('a dry run deletes nothing and reports exactly the same candidates', async () => {
    published.length = 0;
    const dry = await run({ dry_run: true });
    expect(await remaining()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(published).toEqual([]);
    expect(dry.counts).toMatchObject({ total: 5, retained: 3 });
    const marked = (log: string) => log.split('\n').filter((l) => l.endsWith('| DEL |'));
    expect(marked(dry.log)).toHaveLength(2);
    const real = await run({});
    expect(marked(real.log)).toEqual(marked(dry.log));
  });

  it('never deletes an artifact holding an immutable tag', async () => {
    await dataSource.query(
      `INSERT INTO immutable_tag_rule (project_id, tag_filter, disabled) VALUES (1, $1, false)`,
      [
        JSON.stringify({
          tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v1' }],
          scope_selectors: EVERY_REPO,
        }),
      ],
    );
    const result = await run({});
    expect(await remaining()).toEqual(['v1', 'v3', 'v4', 'v5']);
    expect(result.counts).toMatchObject({ total: 5, retained: 4 });
    expect(result.log).toMatch(/v1 .*IMMUTABLE/);
  });

  it('untagged artifacts stay under `matches **` unless the selector says untagged:false', async () => {
    await artifact(6, [], 1);
    await setPolicy([{ ...latestPushed(10), template: 'always', params: {} }]);
    await run({});
    expect(await remaining()).toContain('<untagged>');
    await setPolicy([
      { ...latestPushed(10, [{ ...ALL[0], extras: '{"untagged":false}' }]), template: 'always', params: {} },
    ]);
    await run({});
    expect(await remaining()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('a database failure between deletions stops the run: nothing more is deleted and the task fails', async () => {
    await setPolicy([latestPushed(1)]);
    const result = await run({}, failingTransactions(dataSource, 1));
    expect(result.error?.message).toContain('too many clients');
    // The first deletion committed; the three after the failure did not happen.
    expect(await remaining()).toEqual(['v2', 'v3', 'v4', 'v5']);
    expect(result.counts).toMatchObject({ total: 5, retained: 4 });
  });

  it('a failed read is never taken for "nothing retained": nothing is deleted', async () => {
    for (const fragment of [
      'FROM immutable_tag_rule',
      'FROM artifact a LEFT JOIN tag',
      'FROM retention_policy',
    ]) {
      const result = await run({}, failingQuery(dataSource, fragment));
      expect(result.error?.message).toBe('connection terminated');
      expect(await remaining()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    }
  });

  it('the launcher adds one task per repository the scope selects and enqueues them', async () => {
    await dataSource.query(
      `INSERT INTO repository (name, project_id) VALUES ('lib/other', 1), ('lib/app-dev', 1)`,
    );
    await setPolicy([
      {
        ...latestPushed(3),
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'app*' }] },
      },
    ]);
    enqueued.length = 0;
    const result = await run({ repository_id: undefined });
    expect(result.error).toBeUndefined();
    const tasks = (await dataSource.query(
      `SELECT id, extra_attrs FROM task WHERE execution_id = $1 AND extra_attrs ? 'repository' AND extra_attrs->'parameters' ? 'repository_id' ORDER BY id`,
      [result.executionId],
    )) as { id: number; extra_attrs: { repository: string } }[];
    expect(tasks.map((t) => t.extra_attrs.repository)).toEqual(['app', 'app-dev']);
    expect(enqueued).toEqual(tasks.map((t) => t.id));
  });
});
