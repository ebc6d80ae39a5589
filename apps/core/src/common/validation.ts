import type { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';

/** Parses a body or query with zod; a failure is a 400 naming the first offending field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : what;
  throw HarborError.badRequest(`${field}: ${issue?.message ?? 'invalid'}`);
}

/** Ids are Postgres `int`; anything larger can match nothing and must not reach the database. */
export const INT4_MAX = 2_147_483_647;

/** Path ids: positive integers, else 400 as Harbor's swagger validation answers. */
export function parseId(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1 || value > INT4_MAX) {
    throw HarborError.badRequest(`${name} must be a positive integer`);
  }
  return value;
}
