export * from './digest.js';
export * from './grammar.js';
export * from './manifest.js';
export * from './media-types.js';
export * from './distribution-path.js';
