export * from './entities/artifact.entities.js';
export * from './entities/label.entities.js';
export * from './entities/project.entities.js';
export * from './entities/user.entities.js';
export { dataSourceOptions, ENTITIES, MIGRATIONS } from './data-source-options.js';
export {
  ArtifactReferencedError,
  deleteArtifactsDeep,
  type DeletedArtifact,
} from './stores/artifact-delete.js';
export { blobsOfManifests, releaseUnusedBlobs } from './stores/project-blobs.js';
export { releaseQuota } from './stores/quota.js';
export * from './tasks/index.js';
export * from './blobs/index.js';
export * from './scans/index.js';
