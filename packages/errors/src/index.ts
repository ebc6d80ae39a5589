export * from './harbor-errors.js';
export * from './oci-errors.js';
