import { HarborError } from '@harbor-ts/errors';
import type { SyncerAuth, SyncerFiles } from './image-syncer-files.js';

/** An image as image-syncer writes it: `registry/namespace/repository[:tag1,tag2]`. */
export interface SyncerImage {
  host: string;
  repository: string;
  tags: string[];
}

/** A remote registry the imported policies need, with the credentials the auth file gives it. */
export interface PlannedRemote {
  host: string;
  type: 'docker-hub' | 'docker-registry';
  auth: SyncerAuth;
}

/** One replication policy for one source → destination line of the images file. */
export interface PlannedPolicy {
  name: string;
  direction: 'pull' | 'push';
  remote: PlannedRemote;
  source: SyncerImage;
  destination: SyncerImage;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const NO_AUTH: SyncerAuth = { username: '', password: '', insecure: false };

/** docker's rule: a first component with a dot or a port, or `localhost`, is a registry host. */
function splitHost(name: string): { host: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return { host: normaliseHost(first), path: name.slice(slash + 1) };
  return { host: 'docker.io', path: name };
}

function normaliseHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_HOSTS.has(lower) ? 'docker.io' : lower;
}

/** Parses one side of an images-file line; what replication policies cannot express is a 400. */
export function parseSyncerImage(reference: string): SyncerImage {
  if (reference.includes('@'))
    throw HarborError.badRequest(`${reference}: digests are not supported, policies select images by tag`);
  const { host, path } = splitHost(reference);
  const colon = path.lastIndexOf(':');
  const repository = colon < 0 ? path : path.slice(0, colon);
  const tagList = colon < 0 ? '' : path.slice(colon + 1);
  const tags = tagList ? tagList.split(',').map((tag) => tag.trim()) : [];
  if (tags.some((tag) => tag.startsWith('/')))
    throw HarborError.badRequest(`${reference}: regular-expression tags are not supported, list the tags`);
  if (!repository || tags.some((tag) => !tag))
    throw HarborError.badRequest(`${reference}: not an image reference`);
  const dockerLibrary = host === 'docker.io' && !repository.includes('/');
  return { host, repository: dockerLibrary ? `library/${repository}` : repository, tags };
}

/** image-syncer's lookup: the longest `registry` or `registry/namespace` key that prefixes the image. */
function authFor(image: SyncerImage, auth: Map<string, SyncerAuth>): SyncerAuth {
  const full = `${image.host}/${image.repository}`;
  let best: { length: number; auth: SyncerAuth } | undefined;
  for (const [key, entry] of auth) {
    const { host, path } = key.includes('/') ? splitHost(key) : { host: normaliseHost(key), path: '' };
    const prefix = path ? `${host}/${path}` : host;
    const matches = full === prefix || full.startsWith(`${prefix}/`);
    if (matches && (!best || prefix.length > best.length)) best = { length: prefix.length, auth: entry };
  }
  return best?.auth ?? NO_AUTH;
}

function lastComponent(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1);
}

/** What a policy can do: keep the repository's last component, place it under a namespace, same tags. */
function checkExpressible(source: SyncerImage, destination: SyncerImage, line: string): void {
  if (lastComponent(source.repository) !== lastComponent(destination.repository))
    throw HarborError.badRequest(`${line}: a policy keeps the repository's name, it cannot rename it`);
  // Without a namespace a policy keeps the source's whole path.
  if (!destination.repository.includes('/') && source.repository !== destination.repository)
    throw HarborError.badRequest(`${line}: the destination needs a namespace, as in registry/namespace/name`);
  if (destination.tags.length > 0 && destination.tags.join(',') !== source.tags.join(','))
    throw HarborError.badRequest(`${line}: a policy keeps the tags, it cannot rename them`);
}

/**
 * Turns every line of the images file into a pull policy (destination here) or a push policy (source
 * here). Nothing is written: a line Harbor's model cannot express fails the whole import with its reason.
 */
export function planImport(files: SyncerFiles, isLocal: (host: string) => boolean): PlannedPolicy[] {
  const plans: PlannedPolicy[] = [];
  for (const [sourceText, destinations] of files.images) {
    const source = parseSyncerImage(sourceText);
    for (const destinationText of destinations) {
      const line = `${sourceText} → ${destinationText}`;
      const destination = parseSyncerImage(destinationText);
      checkExpressible(source, destination, line);
      const pull = isLocal(destination.host);
      if (pull === isLocal(source.host))
        throw HarborError.badRequest(`${line}: exactly one side must be this registry`);
      const remoteImage = pull ? source : destination;
      plans.push({
        name: `image-syncer ${sourceText} to ${destinationText}`.slice(0, 256),
        direction: pull ? 'pull' : 'push',
        remote: {
          host: remoteImage.host,
          type: remoteImage.host === 'docker.io' ? 'docker-hub' : 'docker-registry',
          auth: authFor(remoteImage, files.auth),
        },
        source,
        destination,
      });
    }
  }
  return plans;
}

/** The namespace a policy puts the repository under: the destination's path without its last part. */
export function destinationNamespace(plan: PlannedPolicy): string {
  const repository = plan.destination.repository;
  const slash = repository.lastIndexOf('/');
  return slash < 0 ? '' : repository.slice(0, slash);
}
