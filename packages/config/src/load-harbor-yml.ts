import { accessSync, constants, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { harborYmlSchema, type HarborYml } from './harbor-yml.schema.js';
import { closestKey, knownKeysAt } from './key-suggestion.js';

type PathKey = string | number;

/** Reads and validates a harbor.yml. Throws ConfigError naming the first bad key and its line. */
export function loadHarborYml(file: string): HarborYml {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, '', `cannot read: ${(error as Error).message}`);
  }
  return parseHarborYml(source, file);
}

export function parseHarborYml(source: string, file = 'harbor.yml'): HarborYml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    throw new ConfigError(file, '', `invalid YAML: ${syntax.message.split('\n')[0]}`, line);
  }
  if (!isMap(doc.contents)) throw new ConfigError(file, '', 'must be a YAML mapping of keys to values', 1);

  const lineOf = (path: PathKey[]) => findLine(doc, lines, path);
  const result = harborYmlSchema.safeParse(doc.toJS(), { reportInput: true }); // input tells "wrong type" from "missing"
  if (!result.success) {
    // A misspelt key usually also leaves a required one missing; the typo is what to report.
    const issues = result.error.issues as z.core.$ZodIssue[];
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
    const path = issuePath(issue);
    throw new ConfigError(file, path.join('.'), describe(issue), lineOf(path));
  }
  checkSemantics(result.data, file, lineOf);
  return result.data;
}

function issuePath(issue: z.core.$ZodIssue): PathKey[] {
  const path = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) return [...path, issue.keys[0]];
  return path;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
    const suggestion = closestKey(issue.keys[0] ?? '', knownKeysAt(harborYmlSchema, parent));
    const where = parent.length ? `${parent.join('.')}.` : '';
    return `unknown key (not a harbor.yml setting)${suggestion ? `; did you mean ${where}${suggestion}?` : ''}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  return issue.message;
}

function checkSemantics(config: HarborYml, file: string, lineOf: (p: PathKey[]) => number | undefined) {
  const fail = (path: PathKey[], detail: string): never => {
    throw new ConfigError(file, path.join('.'), detail, lineOf(path));
  };
  if (!config.http && !config.https) fail(['http'], 'configure http, https or both');
  if (config.https) {
    for (const key of ['certificate', 'private_key'] as const) {
      const path = config.https[key];
      try {
        accessSync(path, constants.R_OK);
      } catch {
        fail(['https', key], `file ${path} does not exist or is not readable`);
      }
    }
  }
  if (!isAbsolute(config.data_volume)) fail(['data_volume'], 'must be an absolute path');
  if (!isAbsolute(config.log.local.location)) fail(['log', 'local', 'location'], 'must be an absolute path');
  if (config.storage_service) {
    const drivers = ['s3', 'azure', 'gcs', 'swift', 'oss'] as const;
    const other = drivers.find((d) => config.storage_service?.[d]);
    if (other) fail(['storage_service', other], 'this storage driver is not supported yet; use filesystem');
  }
  // Connecting in plain text when TLS was asked for would expose the Redis password: refuse instead.
  // A sentinel is not a Redis server: talking to it as one fails later, and less clearly.
  if (config.external_redis?.sentinel_master_set) {
    fail(
      ['external_redis', 'sentinel_master_set'],
      'Redis Sentinel is not supported yet; give one Redis host:port',
    );
  }
  if (config.external_redis?.tlsOptions?.enable) {
    fail(['external_redis', 'tlsOptions', 'enable'], 'TLS to Redis is not supported yet; set it to false');
  }
}

function findLine(doc: Document, lines: LineCounter, path: PathKey[]): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const prefix = path.slice(0, depth);
    const parent = depth > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === prefix[depth - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    const node = doc.getIn(prefix, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
