export {
  blobCommittedSchema,
  decodeBlobCommitted,
  encodeBlobCommitted,
  type BlobCommitted,
  type StreamFields,
} from './blob-committed.js';
