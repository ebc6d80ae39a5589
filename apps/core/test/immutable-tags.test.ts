import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '@harbor-ts/auth';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { expectArtifactSchema, startArtifactStack, type ArtifactStack } from './support/artifact-stack.js';
import { expectSchema } from './support/swagger-schema.js';

const RULES = '/projects/immu/immutabletagrules';

type Json = Record<string, unknown>;
interface OciErrors {
  errors: { code: string; message: string }[];
}

const rule = (
  repository: string,
  tag: string,
  options: { repoDecoration?: string; tagDecoration?: string; disabled?: boolean } = {},
) => ({
  priority: 0,
  disabled: options.disabled ?? false,
  action: 'immutable',
  template: 'immutable_template',
  tag_selectors: [{ kind: 'doublestar', decoration: options.tagDecoration ?? 'matches', pattern: tag }],
  scope_selectors: {
    repository: [
      { kind: 'doublestar', decoration: options.repoDecoration ?? 'repoMatches', pattern: repository },
    ],
  },
});

describe('immutable tag rules', () => {
  let stack: ArtifactStack;
  let projectId: number;
  let guest: Credentials;
  let developer: Credentials;
  let maintainer: Credentials;
  /** `as: null` calls anonymously. */
  const call = (method: string, path: string, body?: unknown, as: Credentials | null = ADMIN) =>
    api(stack.core.baseUrl, method, path, { ...(as ? { as } : {}), ...(body === undefined ? {} : { body }) });
  const createRule = async (body: Json, as: Credentials = ADMIN) => {
    const created = await call('POST', RULES, body, as);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return Number(created.headers.get('location')?.split('/').pop());
  };
  const push = async (repository: string, tag: string, layer: string) => {
    const client = await stack.client(`immu/${repository}`);
    return client.pushImage(`immu/${repository}`, tag, { layers: [Buffer.from(layer)] });
  };

  beforeAll(async () => {
    stack = await startArtifactStack('immutable-tags');
    const base = stack.core.baseUrl;
    projectId = await createProject(base, 'immu');
    await createProject(base, 'elsewhere');
    guest = await createUser(base, 'immu-guest');
    developer = await createUser(base, 'immu-dev');
    maintainer = await createUser(base, 'immu-maintainer');
    await addMember(base, projectId, guest.username, ProjectRole.guest);
    await addMember(base, projectId, developer.username, ProjectRole.developer);
    await addMember(base, projectId, maintainer.username, ProjectRole.maintainer);
  }, 90_000);
  afterAll(() => stack?.close());

  describe('rule API', () => {
    it('creates with 201 and Location, lists in Harbor shape with paging headers, deletes', async () => {
      const created = await call('POST', RULES, rule('crud/**', 'v*'));
      expect(created.status).toBe(201);
      const location = created.headers.get('location') ?? '';
      expect(location).toMatch(/^\/api\/v2\.0\/projects\/immu\/immutabletagrules\/\d+$/);
      const id = Number(location.split('/').pop());
      const second = await createRule(rule('crud/**', 'rc*'));

      const listed = await call('GET', `${RULES}?page_size=1`);
      expect(listed.status).toBe(200);
      expect(listed.headers.get('x-total-count')).toBe('2');
      expect(listed.headers.get('link')).toContain('rel="next"');
      expect(listed.body).toEqual([{ id, ...rule('crud/**', 'v*') }]);
      expectSchema(listed.body, 'ImmutableRule[]');

      const byName = await api(stack.core.baseUrl, 'GET', '/projects/immu/immutabletagrules', {
        as: ADMIN,
        headers: { 'x-is-resource-name': 'true' },
      });
      expect(byName.body.map((r: Json) => r.id)).toEqual([id, second]);
      const byId = await call('GET', `/projects/${projectId}/immutabletagrules`);
      expect(byId.body.map((r: Json) => r.id)).toEqual([id, second]);

      expect((await call('DELETE', `${RULES}/${id}`)).status).toBe(200);
      expect((await call('DELETE', `${RULES}/${id}`)).status).toBe(404);
      expect((await call('DELETE', `${RULES}/${second}`)).status).toBe(200);
      expect((await call('GET', RULES)).headers.get('x-total-count')).toBe('0');
    });

    it('refuses a duplicate rule with 409, and invalid bodies with 400', async () => {
      const id = await createRule(rule('dup', 'x'));
      const duplicate = await call('POST', RULES, rule('dup', 'x'));
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.errors[0]).toMatchObject({ code: 'CONFLICT' });
      // Defaults fill in what Harbor's portal always sends: still the same rule.
      const { tag_selectors, scope_selectors } = rule('dup', 'x');
      expect((await call('POST', RULES, { tag_selectors, scope_selectors })).status).toBe(409);

      for (const bad of [
        { ...rule('a', 'b'), tag_selectors: [] },
        {
          ...rule('a', 'b'),
          tag_selectors: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'x' }],
        },
        { ...rule('a', 'b'), scope_selectors: {} },
        { ...rule('a', 'b'), action: 'retain' },
        rule('a', ''),
        'not json',
      ]) {
        const refused = await call('POST', RULES, bad);
        expect(refused.status, JSON.stringify(bad)).toBe(400);
      }
      expect((await call('POST', '/projects/nowhere/immutabletagrules', rule('a', 'b'))).status).toBe(404);
      await call('DELETE', `${RULES}/${id}`);
    });

    it('updates the selectors and the disabled flag', async () => {
      const id = await createRule(rule('upd', 'v1'));
      const other = await createRule(rule('upd', 'v2'));
      expect((await call('PUT', `${RULES}/${id}`, { id, ...rule('upd', 'v3') })).status).toBe(200);
      expect(
        (await call('PUT', `${RULES}/${id}`, { id, ...rule('upd', 'v3', { disabled: true }) })).status,
      ).toBe(200);
      const listed = await call('GET', RULES);
      expect(listed.body.find((r: Json) => r.id === id)).toEqual({
        id,
        ...rule('upd', 'v3', { disabled: true }),
      });
      expect((await call('GET', `${RULES}?q=disabled=true`)).body.map((r: Json) => r.id)).toEqual([id]);

      const mismatch = await call('PUT', `${RULES}/${id}`, { id: other, ...rule('upd', 'v9') });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.errors[0].message).toBe(
        "the immutable_rule_id doesn't match the id in the payload body of ImmutableRule",
      );
      expect((await call('PUT', `${RULES}/${other}`, { id: other, ...rule('upd', 'v3') })).status).toBe(409);
      expect((await call('PUT', `${RULES}/999999`, { id: 999999, ...rule('upd', 'v8') })).status).toBe(404);
      await call('DELETE', `${RULES}/${id}`);
      await call('DELETE', `${RULES}/${other}`);
    });

    it('answers 404 for a rule id of another project, leaving that rule alone', async () => {
      const id = await createRule(rule('cross', 'x'));
      const foreign = '/projects/elsewhere/immutabletagrules';
      expect((await call('PUT', `${foreign}/${id}`, { id, ...rule('cross', 'y') })).status).toBe(404);
      expect((await call('DELETE', `${foreign}/${id}`)).status).toBe(404);
      expect((await call('GET', foreign)).body).toEqual([]);
      const mine = await call('GET', RULES);
      expect(mine.body.find((r: Json) => r.id === id)).toEqual({ id, ...rule('cross', 'x') });
      await call('DELETE', `${RULES}/${id}`);
    });

    it("applies Harbor's project RBAC: admins and maintainers manage, others are refused", async () => {
      expect((await call('GET', RULES, undefined, null)).status).toBe(401);
      expect((await call('POST', RULES, rule('rbac', 'x'), null)).status).toBe(401);
      expect((await call('POST', RULES, rule('rbac', 'x'), guest)).status).toBe(403);
      expect((await call('POST', RULES, rule('rbac', 'x'), developer)).status).toBe(403);
      // Harbor grants immutable-tag only to projectAdmin and maintainer, listing included.
      expect((await call('GET', RULES, undefined, guest)).status).toBe(403);
      expect((await call('GET', RULES, undefined, developer)).status).toBe(403);

      const id = await createRule(rule('rbac', 'x'), maintainer);
      expect((await call('GET', RULES, undefined, maintainer)).status).toBe(200);
      expect((await call('PUT', `${RULES}/${id}`, { id, ...rule('rbac', 'y') }, developer)).status).toBe(403);
      expect((await call('DELETE', `${RULES}/${id}`, undefined, guest)).status).toBe(403);
      expect((await call('PUT', `${RULES}/${id}`, { id, ...rule('rbac', 'y') }, maintainer)).status).toBe(
        200,
      );
      expect((await call('DELETE', `${RULES}/${id}`, undefined, maintainer)).status).toBe(200);
    });
  });

  describe('enforcement', () => {
    it('refuses a re-push over an immutable tag with 412, and accepts other tags', async () => {
      const first = await push('app', 'v1', 'first');
      expect(first.response.status).toBe(201);
      expect((await push('app', 'dev-1', 'dev')).response.status).toBe(201);
      const id = await createRule(rule('app', 'v*'));

      const repushed = await push('app', 'v1', 'second');
      expect(repushed.response.status).toBe(412);
      expect((await repushed.response.json()) as OciErrors).toEqual({
        errors: [
          {
            code: 'PRECONDITION',
            message: "Failed to process request due to 'app:v1' configured as immutable.",
          },
        ],
      });
      const artifact = await call('GET', '/projects/immu/repositories/app/artifacts/v1');
      expect(artifact.body.digest).toBe(first.digest);

      // Not selected by the rule: moves as usual.
      expect((await push('app', 'dev-1', 'dev again')).response.status).toBe(201);
      // A new tag the rule selects is pushed once, then is immutable too.
      expect((await push('app', 'v2', 'new')).response.status).toBe(201);
      expect((await push('app', 'v2', 'newer')).response.status).toBe(412);
      // Another repository the rule does not name.
      expect((await push('lib/app', 'v1', 'x')).response.status).toBe(201);
      expect((await push('lib/app', 'v1', 'y')).response.status).toBe(201);
      await call('DELETE', `${RULES}/${id}`);
    });

    it('refuses deleting an immutable tag, its artifact and its repository, through the API and /v2', async () => {
      const image = await push('keep', 'prod', 'keep');
      await push('keep', 'scratch', 'scratch');
      const id = await createRule(rule('keep', 'prod'));
      const message = 'the tag prod configured as immutable, cannot be deleted';
      const base = '/projects/immu/repositories/keep/artifacts';

      const tag = await call('DELETE', `${base}/prod/tags/prod`);
      expect(tag.status).toBe(412);
      expect(tag.body).toEqual({ errors: [{ code: 'PRECONDITION', message }] });
      const artifact = await call('DELETE', `${base}/${image.digest}`);
      expect(artifact.status).toBe(412);
      expect(artifact.body.errors[0].message).toBe(message);
      const repository = await call('DELETE', '/projects/immu/repositories/keep');
      expect(repository.status).toBe(412);
      expect(repository.body.errors[0].message).toBe(message);

      const client = await stack.client('immu/keep');
      for (const reference of [image.digest, 'prod']) {
        const refused = await client.fetch(`/v2/immu/keep/manifests/${reference}`, { method: 'DELETE' });
        expect(refused.status).toBe(412);
        expect(((await refused.json()) as OciErrors).errors[0]).toEqual({ code: 'PRECONDITION', message });
      }
      expect((await client.fetch(`/v2/immu/keep/manifests/prod`)).status).toBe(200);
      expect((await call('GET', `${base}/prod`)).status).toBe(200);

      // A tag the rule does not select goes as before.
      expect((await call('DELETE', `${base}/scratch/tags/scratch`)).status).toBe(200);
      // A missing tag is still a 404, not a 412.
      expect((await call('DELETE', `${base}/prod/tags/nope`)).status).toBe(404);
      await call('DELETE', `${RULES}/${id}`);
      expect((await call('DELETE', `${base}/prod/tags/prod`)).status).toBe(200);
    });

    it('honours excludes decorations and ignores disabled rules', async () => {
      await push('team/svc', '1.0', 'svc 1.0');
      await push('team/svc', 'dev-2', 'svc dev');
      await push('scratch/svc', '1.0', 'scratch');
      const excludes = await createRule(
        rule('scratch/**', 'dev*', { repoDecoration: 'repoExcludes', tagDecoration: 'excludes' }),
      );

      expect((await push('team/svc', '1.0', 'svc 1.0 again')).response.status).toBe(412);
      expect((await push('team/svc', 'dev-2', 'svc dev again')).response.status).toBe(201);
      expect((await push('scratch/svc', '1.0', 'scratch again')).response.status).toBe(201);
      const team = '/projects/immu/repositories/team%252Fsvc/artifacts';
      expect((await call('DELETE', `${team}/1.0/tags/1.0`)).status).toBe(412);

      const disabled = {
        id: excludes,
        ...rule('scratch/**', 'dev*', {
          repoDecoration: 'repoExcludes',
          tagDecoration: 'excludes',
          disabled: true,
        }),
      };
      expect((await call('PUT', `${RULES}/${excludes}`, disabled)).status).toBe(200);
      expect((await push('team/svc', '1.0', 'svc 1.0 once more')).response.status).toBe(201);
      expect((await call('DELETE', `${team}/1.0/tags/1.0`)).status).toBe(200);
      await call('DELETE', `${RULES}/${excludes}`);
    });
  });

  describe('immutable status', () => {
    type Tag = { name: string; immutable: boolean };
    type Artifact = { digest: string; tags: Tag[] };
    const base = '/projects/immu/repositories/status/artifacts';
    const byName = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.name, t.immutable]));

    it('with_immutable_status sets each tag from the enabled rules; without it every tag is false', async () => {
      const release = await push('status', 'v1', 'status release');
      const dev = await push('status', 'dev', 'status dev');
      expect((await call('POST', `${base}/v1/tags`, { name: 'latest' })).status).toBe(201);
      const id = await createRule(rule('status', 'v*'));

      const listed = await call('GET', `${base}?with_immutable_status=true`);
      expect(listed.status).toBe(200);
      expectArtifactSchema(listed.body, 'Artifact[]');
      const tagsOf = (body: Artifact[], digest: string) =>
        byName(body.find((a) => a.digest === digest)?.tags ?? []);
      expect(tagsOf(listed.body, release.digest)).toEqual({ v1: true, latest: false });
      expect(tagsOf(listed.body, dev.digest)).toEqual({ dev: false });
      // Harbor computes the status only when asked.
      const plain = await call('GET', base);
      expect(tagsOf(plain.body, release.digest)).toEqual({ v1: false, latest: false });
      expect((await call('GET', `${base}?with_immutable_status=maybe`)).status).toBe(400);

      const one = await call('GET', `${base}/${release.digest}?with_immutable_status=true`);
      expect(one.status).toBe(200);
      expectArtifactSchema(one.body, 'Artifact');
      expect(byName(one.body.tags)).toEqual({ v1: true, latest: false });
      expect(byName((await call('GET', `${base}/v1`)).body.tags)).toEqual({ v1: false, latest: false });

      const tags = await call('GET', `${base}/v1/tags?with_immutable_status=true`);
      expect(tags.status).toBe(200);
      expectSchema(tags.body, 'Tag[]');
      expect(byName(tags.body)).toEqual({ v1: true, latest: false });
      // Paged: still matched per tag, on the page asked for.
      const paged = await call('GET', `${base}/v1/tags?with_immutable_status=true&page_size=1&q=name=v1`);
      expect(paged.body).toMatchObject([{ name: 'v1', immutable: true }]);
      expect(byName((await call('GET', `${base}/v1/tags`)).body)).toEqual({ v1: false, latest: false });

      // A disabled rule selects nothing; another enabled rule (ORed) selects its own tags.
      const disabled = { id, ...rule('status', 'v*', { disabled: true }) };
      expect((await call('PUT', `${RULES}/${id}`, disabled)).status).toBe(200);
      const latest = await createRule(rule('**', 'latest'));
      const after = await call('GET', `${base}?with_immutable_status=true`);
      expect(tagsOf(after.body, release.digest)).toEqual({ v1: false, latest: true });
      expect(tagsOf(after.body, dev.digest)).toEqual({ dev: false });
      await call('DELETE', `${RULES}/${id}`);
      await call('DELETE', `${RULES}/${latest}`);
      const none = await call('GET', `${base}/v1/tags?with_immutable_status=true`);
      expect(byName(none.body)).toEqual({ v1: false, latest: false });
    });
  });

  describe('artifact copy', () => {
    const copy = (repository: string, from: string) =>
      call('POST', `/projects/immu/repositories/${repository}/artifacts?from=${encodeURIComponent(from)}`);

    it('refuses a copy that would move an immutable tag with 412, writing nothing', async () => {
      const source = await push('copysrc', 'v1', 'copy source');
      const target = await push('copydst', 'v1', 'copy target');
      const id = await createRule(rule('copydst', 'v*'));

      const refused = await copy('copydst', 'immu/copysrc:v1');
      expect(refused.status).toBe(412);
      expect(refused.body).toEqual({
        errors: [{ code: 'PRECONDITION', message: 'the tag v1 configured as immutable, cannot be updated' }],
      });
      expect((await call('GET', '/projects/immu/repositories/copydst/artifacts/v1')).body.digest).toBe(
        target.digest,
      );
      const listed = await call('GET', '/projects/immu/repositories/copydst/artifacts');
      expect(listed.body.map((a: { digest: string }) => a.digest)).toEqual([target.digest]);
      const client = await stack.client('immu/copydst');
      expect((await client.fetch(`/v2/immu/copydst/manifests/${source.digest}`)).status).toBe(404);

      // Retagging the same artifact does not move the tag; a tag the target lacks is placed once.
      expect((await copy('copymirror', 'immu/copydst:v1')).status).toBe(201);
      expect((await copy('copydst', 'immu/copymirror:v1')).status).toBe(201);
      await push('copysrc', 'v2', 'copy source two');
      expect((await copy('copydst', 'immu/copysrc:v2')).status).toBe(201);
      expect((await copy('copydst', 'immu/copysrc:v2')).status).toBe(201);
      expect((await copy('copydst', 'immu/copysrc:v1')).status).toBe(412);
      // Creating a tag whose name another artifact carries stays a 409.
      const tagged = await call('POST', `/projects/immu/repositories/copydst/artifacts/v2/tags`, {
        name: 'v1',
      });
      expect(tagged.status).toBe(409);

      // Once the rule is disabled, the copy moves the tag as usual.
      expect(
        (await call('PUT', `${RULES}/${id}`, { id, ...rule('copydst', 'v*', { disabled: true }) })).status,
      ).toBe(200);
      expect((await copy('copydst', 'immu/copysrc:v1')).status).toBe(201);
      expect((await call('GET', '/projects/immu/repositories/copydst/artifacts/v1')).body.digest).toBe(
        source.digest,
      );
      await call('DELETE', `${RULES}/${id}`);
    });
  });
});
