import { HARBOR_TS_VERSION } from '@harbor-ts/config';

/** Who scans, as reports and metadata name it: harbor-ts's own engine, not Trivy. */
export const SCANNER = { name: 'harbor-ts scanner', vendor: 'harbor-ts', version: HARBOR_TS_VERSION };
