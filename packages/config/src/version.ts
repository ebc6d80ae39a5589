/** The product version reported by systeminfo and written into generated configs. */
export const HARBOR_TS_VERSION = 'v2.11.0-harbor-ts.0.1.0';
