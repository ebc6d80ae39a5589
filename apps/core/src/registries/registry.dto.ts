import { z } from 'zod';

const credentialSchema = z.object({
  type: z.string().optional(),
  access_key: z.string().optional(),
  access_secret: z.string().optional(),
});

/** Harbor's `Registry` as a create body; read-only fields a client echoes back are ignored. */
export const registryCreateSchema = z.object({
  name: z.string().default(''),
  url: z.string().default(''),
  type: z.string().default(''),
  description: z.string().default(''),
  insecure: z.boolean().default(false),
  ca_certificate: z.string().default(''),
  credential: credentialSchema.optional(),
});
export type RegistryCreate = z.output<typeof registryCreateSchema>;

/** Harbor's `RegistryUpdate`: every field optional; what is absent keeps its stored value. */
export const registryUpdateSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  credential_type: z.string().optional(),
  access_key: z.string().optional(),
  access_secret: z.string().optional(),
  insecure: z.boolean().optional(),
  ca_certificate: z.string().optional(),
});
export type RegistryUpdate = z.output<typeof registryUpdateSchema>;

/** Harbor's `RegistryPing`: a stored registry by id (its URL is then authoritative) or unsaved settings. */
export const registryPingSchema = z.object({
  id: z.number().int().optional(),
  type: z.string().optional(),
  url: z.string().optional(),
  credential_type: z.string().optional(),
  access_key: z.string().optional(),
  access_secret: z.string().optional(),
  insecure: z.boolean().optional(),
  ca_certificate: z.string().optional(),
});
export type RegistryPing = z.output<typeof registryPingSchema>;
