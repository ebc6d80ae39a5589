import { z } from 'zod';

/** The parts of an OSV record (osv.dev schema 1.x) the matcher reads; the rest is ignored. */
const eventSchema = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});
const severitySchema = z.array(z.object({ type: z.string(), score: z.string() })).optional();

export const osvRecordSchema = z.object({
  id: z.string().min(1),
  modified: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  upstream: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: severitySchema,
  references: z.array(z.object({ url: z.string() })).optional(),
  database_specific: z.looseObject({ severity: z.string().optional() }).optional(),
  affected: z
    .array(
      z.object({
        package: z.object({ ecosystem: z.string(), name: z.string() }).optional(),
        ranges: z.array(z.object({ type: z.string(), events: z.array(eventSchema) })).optional(),
        versions: z.array(z.string()).optional(),
        severity: severitySchema,
        ecosystem_specific: z.looseObject({ urgency: z.string().optional() }).optional(),
        database_specific: z.looseObject({ severity: z.string().optional() }).optional(),
      }),
    )
    .default([]),
});
export type OsvRecord = z.output<typeof osvRecordSchema>;
export type OsvAffected = OsvRecord['affected'][number];
