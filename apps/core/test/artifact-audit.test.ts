import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullRecorder } from '../src/artifacts/pull-recorder.service.js';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { pushIndex, startArtifactStack, type ArtifactStack } from './support/artifact-stack.js';
import { eventually } from './support/eventually.js';
import { expectSchema } from './support/swagger-schema.js';

interface AuditEntry {
  username: string;
  resource: string;
  resource_type: string;
  operation: string;
}

describe("audit entries for artifact pushes and pulls, in Harbor's terms", () => {
  let stack: ArtifactStack;
  let dev: Credentials;
  let image: { digest: string };
  let multi: Awaited<ReturnType<typeof pushIndex>>;
  const artifactEntries = async () => {
    const listed = await api(
      stack.core.baseUrl,
      'GET',
      '/audit-logs?q=resource_type%3Dartifact&page_size=100',
      { as: ADMIN },
    );
    expect(listed.status).toBe(200);
    expectSchema(listed.body, 'AuditLog[]');
    return listed.body as AuditEntry[];
  };

  beforeAll(async () => {
    stack = await startArtifactStack('artifact-audit');
    const projectId = await createProject(stack.core.baseUrl, 'aud');
    dev = await createUser(stack.core.baseUrl, 'aud-dev', 'Aud1tPassw0rd');
    await addMember(stack.core.baseUrl, projectId, dev.username, 2);
    image = await (await stack.client('aud/app', dev)).pushImage('aud/app', 'v1');
    multi = await pushIndex(await stack.client('aud/multi', dev), 'aud/multi', 'latest');
  }, 90_000);
  afterAll(() => stack?.close());

  it('records what a push records as `create`, by the pusher, one entry per artifact', async () => {
    const before = await artifactEntries();
    const copied = await api(
      stack.core.baseUrl,
      'POST',
      `/projects/aud/repositories/copy/artifacts?from=aud/app:v1`,
      { as: dev },
    );
    expect(copied.status).toBe(201);
    const index = await api(
      stack.core.baseUrl,
      'POST',
      `/projects/aud/repositories/copies/artifacts?from=aud/multi@${multi.digest}`,
      {
        as: dev,
      },
    );
    expect(index.status).toBe(201);
    const added = (await artifactEntries()).slice(0, -before.length || undefined);
    const summary = added
      .map((e) => `${e.operation} ${e.resource_type} ${e.resource} by ${e.username}`)
      .sort();
    expect(summary).toEqual(
      [
        'create artifact aud/copy:v1 by aud-dev',
        'create artifact aud/copies:latest by aud-dev',
        ...multi.children.map((c) => `create artifact aud/copies@${c.digest} by aud-dev`),
      ].sort(),
    );
  });

  it('records a pull as `pull` off the request path, by tag or by digest, only when the puller is known', async () => {
    const pulls = stack.core.app.get(PullRecorder);
    pulls.recordLater('aud/app', image.digest, 'v1', 'robot$aud+ci');
    pulls.recordLater('aud/app', image.digest, undefined, 'aud-dev');
    pulls.recordLater('aud/app', image.digest, undefined);
    const entries = await eventually(
      async () => (await artifactEntries()).filter((e) => e.operation === 'pull'),
      (found) => found.length >= 2,
    );
    expect(entries.map((e) => `${e.resource} by ${e.username}`).sort()).toEqual(
      [`aud/app:v1 by robot$aud+ci`, `aud/app@${image.digest} by aud-dev`].sort(),
    );
    const [repo] = await eventually(
      () =>
        stack.db.query<{ pull_count: number }>(`SELECT pull_count FROM repository WHERE name = 'aud/app'`),
      (rows) => rows[0]?.pull_count === 3,
    );
    expect(repo?.pull_count).toBe(3);
  });

  it('records a /v2 push and pull through the gateway by the token subject', async () => {
    const entries = await artifactEntries();
    expect(entries.map((e) => `${e.operation} ${e.resource} by ${e.username}`)).toContain(
      'create aud/app:v1 by aud-dev',
    );
    const client = await stack.client('aud/app', dev);
    const pulled = await client.fetch('/v2/aud/app/manifests/v1', {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(pulled.status).toBe(200);
    const pulls = await eventually(
      async () =>
        (await artifactEntries()).filter((e) => e.operation === 'pull' && e.resource === 'aud/app:v1'),
      (found) => found.some((e) => e.username === 'aud-dev'),
    );
    expect(pulls.map((e) => e.username)).toContain('aud-dev');
  });

  it('records a /v2 manifest or tag delete as `delete`, by the token subject', async () => {
    const client = await stack.client('aud/gone');
    const image = await client.pushImage('aud/gone', 'v1');
    await client.pushImage('aud/gone', 'v2', { layers: [Buffer.from('another layer')] });
    expect((await client.fetch('/v2/aud/gone/manifests/v2', { method: 'DELETE' })).status).toBe(202);
    expect((await client.fetch(`/v2/aud/gone/manifests/${image.digest}`, { method: 'DELETE' })).status).toBe(
      202,
    );
    const deletes = (await artifactEntries()).filter((e) => e.operation === 'delete');
    expect(deletes.map((e) => `${e.resource} by ${e.username}`).sort()).toEqual(
      [`aud/gone:v2 by admin`, `aud/gone@${image.digest} by admin`].sort(),
    );
  });

  it('never writes a secret into the log', async () => {
    const all = JSON.stringify(await artifactEntries());
    for (const secret of [dev.password, ADMIN.password, stack.core.config.registry.credentials.password]) {
      expect(all).not.toContain(secret);
    }
  });
});
