export * from './task-status.js';
export * from './executions.js';
export * from './tasks.js';
export * from './job-log.js';
export * from './sweep.js';
export * from './schedules.js';
export * from './task-queue-ops.js';
