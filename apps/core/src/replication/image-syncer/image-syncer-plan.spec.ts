import { describe, expect, it } from 'vitest';
import { readSyncerFiles } from './image-syncer-files.js';
import { destinationNamespace, parseSyncerImage, planImport } from './image-syncer-plan.js';

const LOCAL = 'harbor.example.com';
const isLocal = (host: string) => host === LOCAL;

describe('image-syncer files', () => {
  it('reads the v1.2 images and auth files, in YAML or JSON', () => {
    const files = readSyncerFiles(
      `quay.io/coreos/kube-rbac-proxy: ${LOCAL}/mirror/kube-rbac-proxy\n` +
        `quay.io/coreos/etcd:v3.5.0,v3.5.1:\n  - ${LOCAL}/mirror/etcd\n  - ${LOCAL}/backup/etcd\n`,
      JSON.stringify({ 'quay.io': { username: 'robot', password: 'pw', insecure: true } }),
    );
    expect(files.images.get('quay.io/coreos/etcd:v3.5.0,v3.5.1')).toEqual([
      `${LOCAL}/mirror/etcd`,
      `${LOCAL}/backup/etcd`,
    ]);
    expect(files.auth.get('quay.io')).toEqual({ username: 'robot', password: 'pw', insecure: true });
  });

  it('reads the older single --config file', () => {
    const files = readSyncerFiles(
      JSON.stringify({
        auth: { 'localhost:5000': { username: 'u', password: 'p' } },
        images: { 'localhost:5000/a/b': `${LOCAL}/p/b` },
      }),
    );
    expect([...files.images.keys()]).toEqual(['localhost:5000/a/b']);
    expect(files.auth.get('localhost:5000')?.username).toBe('u');
  });

  it('refuses environment variables, bad documents and empty files with a reason', () => {
    const auth = 'docker.io:\n  username: "${DOCKER_USER}"\n  password: x\n';
    expect(() => readSyncerFiles(`a.io/b/c: ${LOCAL}/p/c`, auth)).toThrow(/environment variable/);
    expect(() => readSyncerFiles('a: [b')).toThrow(/neither JSON nor YAML/);
    expect(() => readSyncerFiles('{}')).toThrow(/names no image/);
    expect(() => readSyncerFiles(`a.io/b/c: 3`)).toThrow(/must be an image or a list/);
  });
});

describe('image references', () => {
  it("follows docker's rules for hosts and Docker Hub's library namespace", () => {
    expect(parseSyncerImage('nginx:1.25')).toEqual({
      host: 'docker.io',
      repository: 'library/nginx',
      tags: ['1.25'],
    });
    expect(parseSyncerImage('registry-1.docker.io/bitnami/redis')).toEqual({
      host: 'docker.io',
      repository: 'bitnami/redis',
      tags: [],
    });
    expect(parseSyncerImage('localhost:5000/team/app:v1,v2')).toEqual({
      host: 'localhost:5000',
      repository: 'team/app',
      tags: ['v1', 'v2'],
    });
  });

  it('refuses what a replication policy cannot select', () => {
    expect(() => parseSyncerImage('quay.io/a/b@sha256:' + 'a'.repeat(64))).toThrow(
      /digests are not supported/,
    );
    expect(() => parseSyncerImage('quay.io/a/b:/v1\\..*/')).toThrow(/regular-expression tags/);
    expect(() => parseSyncerImage('quay.io/a/b:v1,,v2')).toThrow(/not an image reference/);
  });
});

describe('planImport', () => {
  it('makes a pull policy into this registry and a push policy out of it, with the auth of the longest key', () => {
    const files = readSyncerFiles(
      `quay.io/coreos/etcd:v3.5.0,v3.5.1: ${LOCAL}/mirror/etcd\n${LOCAL}/lib/app:v1: registry.example.org/team/app\n`,
      `quay.io: {username: general, password: a}\nquay.io/coreos: {username: coreos, password: b}\n`,
    );
    const [pull, push] = planImport(files, isLocal);
    expect(pull).toMatchObject({
      direction: 'pull',
      remote: { host: 'quay.io', type: 'docker-registry', auth: { username: 'coreos' } },
      source: { repository: 'coreos/etcd', tags: ['v3.5.0', 'v3.5.1'] },
    });
    expect(destinationNamespace(pull!)).toBe('mirror');
    expect(push).toMatchObject({
      direction: 'push',
      remote: { host: 'registry.example.org', auth: { username: '' } },
      source: { host: LOCAL, repository: 'lib/app' },
    });
    expect(destinationNamespace(push!)).toBe('team');
  });

  it('uses the docker-hub type for Docker Hub', () => {
    const [plan] = planImport(readSyncerFiles(`nginx:1.25: ${LOCAL}/hub/nginx`), isLocal);
    expect(plan?.remote).toMatchObject({ host: 'docker.io', type: 'docker-hub' });
    expect(plan?.source.repository).toBe('library/nginx');
  });

  it('refuses lines a policy cannot express', () => {
    const plan = (images: string) => planImport(readSyncerFiles(images), isLocal);
    expect(() => plan(`quay.io/a/b: ${LOCAL}/p/c`)).toThrow(/cannot rename it/);
    expect(() => plan(`quay.io/a/b:v1: ${LOCAL}/p/b:v2`)).toThrow(/cannot rename them/);
    expect(() => plan(`quay.io/a/b: gcr.io/x/b`)).toThrow(/exactly one side must be this registry/);
    expect(() => plan(`${LOCAL}/p/b: ${LOCAL}/q/b`)).toThrow(/exactly one side must be this registry/);
    expect(() => plan(`quay.io/a/b: localhost:5000/b`)).toThrow(/needs a namespace/);
  });
});
