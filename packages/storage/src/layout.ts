import type { Digest } from '@harbor-ts/oci';

// CNCF distribution's on-disk layout (registry/storage/paths.go), relative to <root>/docker/registry/v2.
// Callers pass only names, tags and digests that passed the @harbor-ts/oci grammar.

export const V2_ROOT = 'docker/registry/v2';

const repo = (name: string) => `repositories/${name}`;
const digestDir = (d: Digest) => `${d.algorithm}/${d.hex}`;

export const layout = {
  repositories: () => 'repositories',
  repository: repo,
  blobDir: (d: Digest) => `blobs/${d.algorithm}/${d.hex.slice(0, 2)}/${d.hex}`,
  blobData: (d: Digest) => `blobs/${d.algorithm}/${d.hex.slice(0, 2)}/${d.hex}/data`,
  /** A blob is part of a repository when this link exists (pushed or mounted there). */
  layerLink: (name: string, d: Digest) => `${repo(name)}/_layers/${digestDir(d)}/link`,
  layerDir: (name: string, d: Digest) => `${repo(name)}/_layers/${digestDir(d)}`,
  revisionsDir: (name: string, algorithm: string) => `${repo(name)}/_manifests/revisions/${algorithm}`,
  revisionLink: (name: string, d: Digest) => `${repo(name)}/_manifests/revisions/${digestDir(d)}/link`,
  revisionDir: (name: string, d: Digest) => `${repo(name)}/_manifests/revisions/${digestDir(d)}`,
  tagsDir: (name: string) => `${repo(name)}/_manifests/tags`,
  tagDir: (name: string, tag: string) => `${repo(name)}/_manifests/tags/${tag}`,
  tagCurrentLink: (name: string, tag: string) => `${repo(name)}/_manifests/tags/${tag}/current/link`,
  tagIndexLink: (name: string, tag: string, d: Digest) =>
    `${repo(name)}/_manifests/tags/${tag}/index/${digestDir(d)}/link`,
  tagIndexDir: (name: string, tag: string, d: Digest) =>
    `${repo(name)}/_manifests/tags/${tag}/index/${digestDir(d)}`,
  uploadsDir: (name: string) => `${repo(name)}/_uploads`,
  uploadDir: (name: string, id: string) => `${repo(name)}/_uploads/${id}`,
  uploadData: (name: string, id: string) => `${repo(name)}/_uploads/${id}/data`,
  uploadStartedAt: (name: string, id: string) => `${repo(name)}/_uploads/${id}/startedat`,
  /** harbor-ts's referrers index (distribution 2.8 has none); `_`-prefixed so distribution ignores it. */
  referrersDir: (name: string, subject: Digest) => `${repo(name)}/_referrers/${digestDir(subject)}`,
  referrerLink: (name: string, subject: Digest, referrer: Digest) =>
    `${repo(name)}/_referrers/${digestDir(subject)}/${digestDir(referrer)}/link`,
  referrerDir: (name: string, subject: Digest, referrer: Digest) =>
    `${repo(name)}/_referrers/${digestDir(subject)}/${digestDir(referrer)}`,
};
