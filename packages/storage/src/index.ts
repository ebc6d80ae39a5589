export { BlobFileWriter } from './blob-file-writer.js';
export type { FileInfo, MoveOptions, StorageDriver } from './driver.js';
export { FilesystemDriver } from './filesystem-driver.js';
export { layout, V2_ROOT } from './layout.js';
export { readLink, writeLink } from './links.js';
export { deleteManifestRevision } from './manifest-revision.js';
export { dropFromPageCache, pageCacheDropUnavailable, writeBackPages } from './page-cache.js';
export { recentBlobs, RecentBlobs } from './recent-blobs.js';
