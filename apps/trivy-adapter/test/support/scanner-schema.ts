import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { default as addFormatsModule } from 'ajv-formats';
import { expect } from 'vitest';
import { parse } from 'yaml';

// The Pluggable Scanner API v1.2 as Harbor publishes it, copied into the fixtures.
const spec = parse(
  readFileSync(new URL('../fixtures/pluggable-scanner-api-v1.2.yaml', import.meta.url), 'utf8'),
) as {
  components: { schemas: Record<string, unknown> };
};
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (instance: Ajv) => void)(ajv);
ajv.addFormat('url', true);
ajv.addSchema({ $id: 'scanner', components: spec.components });
const cache = new Map<string, ValidateFunction>();

/** Asserts `body` matches the scanner API's component schema `name`. */
export function expectScannerSchema(body: unknown, name: string): void {
  let validate = cache.get(name);
  if (!validate) {
    if (!(name in spec.components.schemas)) throw new Error(`no schema ${name} in the scanner API`);
    validate = ajv.compile({ $ref: `scanner#/components/schemas/${name}` });
    cache.set(name, validate);
  }
  expect(validate(body), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}
