import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Harbor's API description, swagger 2.0 as published (the file beside this one). */
export const SWAGGER_PATH = new URL('./harbor-api-v2.0-swagger.yaml', import.meta.url);

let document;

/** The parsed swagger document (parsed once per process). */
export function swaggerDocument() {
  document ??= parse(readFileSync(SWAGGER_PATH, 'utf8'));
  return document;
}

/** `definitions` of the swagger document: the models `$ref: '#/definitions/X'` points at. */
export function swaggerDefinitions() {
  return swaggerDocument().definitions;
}
