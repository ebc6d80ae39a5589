import { z } from 'zod';

/**
 * What the registry tells core after it committed a blob or a manifest, on a Redis stream. Both apps
 * read and write it only through `encodeBlobCommitted`/`decodeBlobCommitted`, so a field renamed on one
 * side fails to compile on the other instead of silently reading as empty.
 */
export const blobCommittedSchema = z.object({
  type: z.enum(['blob', 'manifest']),
  repository: z.string().min(1),
  digest: z.string().min(1),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  tag: z.string().min(1).optional(),
  /** When the registry committed it (ISO 8601). */
  at: z.iso.datetime(),
});

export type BlobCommitted = z.infer<typeof blobCommittedSchema>;

/** A stream entry is a flat list of field, value, field, value... strings. */
export type StreamFields = string[];

export function encodeBlobCommitted(event: BlobCommitted): StreamFields {
  return Object.entries(blobCommittedSchema.parse(event)).flatMap(([key, value]) =>
    value === undefined ? [] : [key, String(value)],
  );
}

/** Throws a `ZodError` for an entry that is not a blob-committed event (written by something else). */
export function decodeBlobCommitted(fields: StreamFields): BlobCommitted {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
  return blobCommittedSchema.parse({
    ...record,
    size: record.size === undefined ? undefined : Number(record.size),
  });
}
