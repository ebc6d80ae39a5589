export {
  bullPrefix,
  JOB_QUEUES,
  jobKeys,
  POOL_TTL_SECONDS,
  taskJobId,
  type JobQueueName,
  type PoolInfo,
  type WorkerSlot,
} from './queues.js';
export {
  gcParamsSchema,
  isJobType,
  JOB_TYPES,
  JOBS,
  purgeAuditParamsSchema,
  taskPayloadSchema,
  type JobDefinition,
  type JobParams,
  type JobParamsInput,
  type JobType,
  type TaskPayload,
} from './catalog.js';
export { JobProducer, type Submission } from './producer.js';
export { CRON_OF_TYPE, cronProblem, nextFire } from './cron.js';
export {
  ADMIN_QUEUES,
  isAdminQueue,
  JobQueueAdmin,
  type AdminQueueName,
  type QueueState,
} from './queue-admin.js';
export { readBusySlots, readPool, readPools } from './pools.js';
export { submitImageScans, type ImageScanSubmission } from './image-scans.js';
export { submitSbomGeneration, type SbomGenerationSubmission } from './sbom-generation.js';
