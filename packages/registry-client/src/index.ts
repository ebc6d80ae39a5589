export { parseChallenge, repositoryScope, type Challenge } from './challenge.js';
export { RegistryError, isRetryable, withRetries, type RetryOptions } from './retry.js';
export { RegistryHttp, type RegistryEndpoint, type RegistryHttpOptions } from './registry-http.js';
export { RegistryClient, nextLink, type Manifest, type ManifestHead } from './registry-client.js';
export type { BlobCopyOptions } from './blob-copy.js';
export { throttle } from './throttle.js';
export {
  ensureHarborProject,
  harborArtifacts,
  harborRepositories,
  type HarborArtifact,
} from './harbor-api.js';
