import { z } from 'zod';
import { isScannerAuthType, type ScannerAuthType } from '@harbor-ts/scanner-client';

const authSchema = z
  .string()
  .optional()
  .transform((value) => (value ?? '').trim())
  .refine(isScannerAuthType, { message: 'auth type is not supported (Basic, Bearer, APIKey or empty)' })
  .transform((value) => value as ScannerAuthType);

/** `ScannerRegistrationReq`: create and update. */
export const scannerRegistrationReqSchema = z.object({
  name: z.string().trim().min(1, 'missing registration name').max(128),
  description: z.string().max(1024).optional(),
  url: z.string(),
  auth: authSchema,
  access_credential: z.string().max(512).optional(),
  skip_certVerify: z.boolean().optional(),
  use_internal_addr: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
export type ScannerRegistrationReq = z.output<typeof scannerRegistrationReqSchema>;

/** `ScannerRegistrationSettings`: what `/scanners/ping` tests. */
export const scannerSettingsSchema = z.object({
  name: z.string().trim().min(1, 'missing registration name').max(128),
  url: z.string(),
  auth: authSchema,
  access_credential: z.string().max(512).optional(),
});

export const isDefaultSchema = z.object({ is_default: z.boolean().optional() });
export const projectScannerSchema = z.object({ uuid: z.string().min(1) });

/** Harbor reserves the bundled adapter's name for the registration install makes. */
export const RESERVED_SCANNER_NAMES: readonly string[] = ['Trivy'];
