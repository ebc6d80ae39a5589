import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';

/** Reads a generated service config (YAML) and validates it against the service's schema. */
export function loadServiceConfig<S extends z.ZodType>(schema: S, file: string): z.output<S> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(file, '', `cannot read: ${(error as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = (issue?.path ?? []).map(String).join('.');
    throw new ConfigError(file, key, issue?.message ?? 'invalid');
  }
  return result.data;
}
