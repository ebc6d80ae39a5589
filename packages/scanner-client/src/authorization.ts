/** Harbor's authentication types for calling a scanner adapter; '' calls it without credentials. */
export const SCANNER_AUTH_TYPES = ['', 'Basic', 'Bearer', 'APIKey'] as const;
export type ScannerAuthType = (typeof SCANNER_AUTH_TYPES)[number];

export function isScannerAuthType(value: string): value is ScannerAuthType {
  return (SCANNER_AUTH_TYPES as readonly string[]).includes(value);
}

/**
 * The header Harbor adds for each type: Basic base64-encodes the credential (`user:password`),
 * Bearer sends it as the token, APIKey in `X-ScannerAdapter-API-Key`.
 */
export function authorizationHeaders(auth: ScannerAuthType, credential: string): Record<string, string> {
  switch (auth) {
    case '':
      return {};
    case 'Basic':
      return { authorization: `Basic ${Buffer.from(credential).toString('base64')}` };
    case 'Bearer':
      return { authorization: `Bearer ${credential}` };
    case 'APIKey':
      return { 'x-scanneradapter-api-key': credential };
  }
}
