import { swaggerDefinitions } from '@harbor-ts/api-spec/definitions';
import { Ajv, type ValidateFunction } from 'ajv';
import { default as addFormatsModule } from 'ajv-formats';
import { expect } from 'vitest';

// Harbor's swagger as published, from packages/api-spec (the same file the portal's types come from).
const document = { definitions: swaggerDefinitions() };

// Swagger 2 `$ref`s point at `#/definitions/X`; register the whole document once and refer into it.
const ajv = new Ajv({ strict: false, allErrors: true });
const addFormats = addFormatsModule as unknown as (instance: Ajv) => void;
addFormats(ajv);
// Harbor's swagger spells integer formats three ways; all mean a whole number.
for (const format of ['int', 'int32', 'int64']) {
  ajv.addFormat(format, { type: 'number', validate: (value: number) => Number.isInteger(value) });
}
// …and its floats two ways (the security hub's CVSS scores).
for (const format of ['float', 'float64']) ajv.addFormat(format, { type: 'number', validate: () => true });
ajv.addSchema({ $id: 'harbor', definitions: document.definitions });
const cache = new Map<string, ValidateFunction>();

function validator(name: string, array: boolean): ValidateFunction {
  const key = `${name}${array ? '[]' : ''}`;
  let validate = cache.get(key);
  if (!validate) {
    if (!(name in document.definitions)) throw new Error(`no swagger definition ${name} in Harbor's swagger`);
    const ref = { $ref: `harbor#/definitions/${name}` };
    validate = ajv.compile(array ? { type: 'array', items: ref } : ref);
    cache.set(key, validate);
  }
  return validate;
}

/**
 * Asserts `body` matches the swagger definition `name` (`Name[]` for an array of them). Swagger allows
 * extra properties, so every property the definition lists must also be present: a renamed field fails.
 */
export function expectSchema(body: unknown, name: string): void {
  const array = name.endsWith('[]');
  const definition = array ? name.slice(0, -2) : name;
  const validate = validator(definition, array);
  expect(validate(body), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** The property names a definition declares, to check responses carry exactly Harbor's fields. */
export function definitionFields(name: string): string[] {
  const definition = document.definitions[name] as { properties?: Record<string, unknown> };
  return Object.keys(definition.properties ?? {}).sort();
}
