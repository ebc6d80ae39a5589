import { z } from 'zod';

/** The scanner API's ScanRequest, as far as this scanner needs it. */
export const scanRequestSchema = z.object({
  registry: z.object({
    url: z.url({ protocol: /^https?$/ }),
    authorization: z.string().optional(),
  }),
  artifact: z.object({
    repository: z.string().min(1),
    digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
    tag: z.string().optional(),
    mime_type: z.string().optional(),
  }),
  enabled_capabilities: z
    .array(
      z.object({
        type: z.string(),
        produces_mime_types: z.array(z.string()).optional(),
        parameters: z.object({ sbom_media_types: z.array(z.string()).optional() }).nullish(),
      }),
    )
    .optional(),
});
export type ScanRequest = z.output<typeof scanRequestSchema>;
