export * from './blob-status.js';
export * from './blob-touch.js';
export * from './blob-sweep.js';
export * from './artifact-trash.js';
