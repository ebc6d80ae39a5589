export * from './scan-reports.js';
export * from './scan-robots.js';
export * from './vulnerability-records.js';
export * from './sbom-reports.js';
