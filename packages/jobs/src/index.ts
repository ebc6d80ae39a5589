export { bullPrefix, JOB_QUEUES, type JobQueueName } from './queues.js';
