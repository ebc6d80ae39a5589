export {
  blobCommittedSchema,
  decodeBlobCommitted,
  encodeBlobCommitted,
  type BlobCommitted,
  type StreamFields,
} from './blob-committed.js';
export {
  artifactDeletedSchema,
  artifactPulledSchema,
  artifactPushedSchema,
  coreEventSchema,
  QUOTA_WARNING_PERCENT,
  quotaExceededSchema,
  quotaWarnedSchema,
  RESOURCE_EVENT_TYPES,
  resourceEventSchema,
  tagCreatedSchema,
  tagDeletedSchema,
  type CoreEvent,
  type CoreEventType,
  type NewCoreEvent,
} from './core-events.js';
