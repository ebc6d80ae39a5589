#!/usr/bin/env node
// Usage: node deploy/minify-dependencies.mjs [<root>]   (root: the folder with package-lock.json and
// node_modules; the repository by default)
//
// Rewrites the JavaScript of the production dependencies under <root>/node_modules without
// whitespace and comments (esbuild's minifyWhitespace; license comments kept, no name or code
// changed). Why: a Node process keeps the source text of every module it loads, because V8 compiles
// functions lazily from it; TypeORM, NestJS, BullMQ and rxjs ship heavily commented sources. Over
// the five apps of an idle instance that is ~21 MiB of RSS (bench/README.md "footprint").
//
// Which packages: package-lock.json's entries that are neither dev-only nor workspace links, so
// the tools that build and test (TypeScript, Vite, vitest, eslint) keep their sources as shipped.
// Each file is replaced by a rename: a process loading modules meanwhile reads the old file or the
// new one, never half of one. Done once per lockfile: node_modules/.harbor-ts-minified holds the
// lockfile's hash, and `npm ci` (which recreates node_modules) brings the shipped sources back.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A dev dependency: a node_modules installed without them (npm ci --omit=dev) is left as shipped.
const esbuild = await import('esbuild').catch(() => undefined);

const MARKER = '.harbor-ts-minified';
const SCRIPT = /\.(js|cjs|mjs)$/;

/** The folders (relative to root) of the packages a production install has. */
export function productionPackages(lockfile) {
  return Object.entries(lockfile.packages ?? {})
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.link)
    .map(([path]) => path);
}

/** One file's source without whitespace and comments; undefined when esbuild cannot parse it. */
export function minifySource(source) {
  try {
    return esbuild.transformSync(source, { loader: 'js', minifyWhitespace: true, legalComments: 'inline' })
      .code;
  } catch {
    return undefined;
  }
}

/** A package's script files, without those of packages nested in its own node_modules. */
function scriptsOf(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') files.push(...scriptsOf(path));
    else if (entry.isFile() && SCRIPT.test(entry.name)) files.push(path);
  }
  return files;
}

/** Minifies root's production dependencies once per lockfile; returns what it did. */
export function minifyDependencies(root) {
  const lockText = readFileSync(join(root, 'package-lock.json'), 'utf8');
  const hash = createHash('sha256').update(lockText).digest('hex');
  const marker = join(root, 'node_modules', MARKER);
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === hash) return { skipped: true };
  const totals = { skipped: false, files: 0, unparsed: 0, bytesBefore: 0, bytesAfter: 0 };
  for (const pkg of productionPackages(JSON.parse(lockText))) {
    const dir = join(root, pkg);
    if (!existsSync(dir)) continue; // an optional dependency for another platform
    for (const file of scriptsOf(dir)) {
      const source = readFileSync(file, 'utf8');
      const minified = minifySource(source);
      if (minified === undefined) {
        totals.unparsed++;
        continue;
      }
      totals.files++;
      totals.bytesBefore += Buffer.byteLength(source);
      totals.bytesAfter += Buffer.byteLength(minified);
      if (minified === source) continue;
      writeFileSync(`${file}.minifying`, minified);
      renameSync(`${file}.minifying`, file);
    }
  }
  writeFileSync(marker, `${hash}\n`);
  return totals;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '../..'));
  if (!esbuild) {
    console.warn('esbuild is not installed (a production-only node_modules): dependencies left as shipped');
    process.exit(0);
  }
  const result = minifyDependencies(root);
  if (!result.skipped) {
    const mib = (bytes) => (bytes / 1048576).toFixed(1);
    console.log(
      `minified ${result.files} dependency files: ${mib(result.bytesBefore)} -> ${mib(result.bytesAfter)} MiB` +
        (result.unparsed ? ` (${result.unparsed} left as shipped: esbuild could not parse them)` : ''),
    );
  }
}
