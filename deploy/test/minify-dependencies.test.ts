import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeDir, tempDir } from './support/harness.js';

const SCRIPT = join(REPO_ROOT, 'deploy/minify-dependencies.mjs');

const PROD_SOURCE = `/*! prod-lib | MIT License */
'use strict';

/**
 * Adds two numbers. A long comment that a process would otherwise keep in memory.
 */
function add(a, b) {
  // the sum
  return a + b;
}

module.exports = { add, text: '  spaces   inside a string stay  ' };
`;
const DEV_SOURCE = `// a build tool's file, left as shipped\nmodule.exports = 1;\n`;
const BROKEN_SOURCE = `// a test fixture that is not JavaScript\nconst = ;\n`;

function lockfile(extra: Record<string, object> = {}) {
  return JSON.stringify({
    name: 'fixture',
    lockfileVersion: 3,
    packages: {
      '': { name: 'fixture' },
      'node_modules/prod-lib': { version: '1.0.0' },
      'node_modules/prod-lib/node_modules/nested-dev': { version: '1.0.0', dev: true },
      'node_modules/dev-tool': { version: '1.0.0', dev: true },
      'node_modules/@harbor-ts/own': { resolved: 'packages/own', link: true },
      'node_modules/other-platform-only': { version: '1.0.0', optional: true },
      ...extra,
    },
  });
}

function write(root: string, path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

function minify(root: string) {
  const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe('deploy/minify-dependencies.mjs', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir('minify-');
    writeFileSync(join(root, 'package-lock.json'), lockfile());
    write(root, 'node_modules/prod-lib/index.js', PROD_SOURCE);
    write(root, 'node_modules/prod-lib/esm/index.mjs', `// comment\nexport const value = 42;\n`);
    write(root, 'node_modules/prod-lib/test/broken.js', BROKEN_SOURCE);
    write(root, 'node_modules/prod-lib/node_modules/nested-dev/index.js', DEV_SOURCE);
    write(root, 'node_modules/dev-tool/index.js', DEV_SOURCE);
    write(root, 'packages/own/index.js', DEV_SOURCE);
  });
  afterAll(() => removeDir(root));

  it('strips whitespace and comments from production dependencies, keeping licenses and behaviour', async () => {
    const output = minify(root);
    expect(output).toMatch(/minified 2 dependency files: .* \(1 left as shipped/);

    const minified = readFileSync(join(root, 'node_modules/prod-lib/index.js'), 'utf8');
    expect(minified.length).toBeLessThan(PROD_SOURCE.length * 0.6);
    expect(minified).toContain('/*! prod-lib | MIT License */');
    expect(minified).not.toContain('the sum');
    expect(minified).not.toContain('A long comment');
    const lib = createRequire(join(root, 'package.json'))('prod-lib') as {
      add: (a: number, b: number) => number;
      text: string;
    };
    expect(lib.add(2, 3)).toBe(5);
    expect(lib.text).toBe('  spaces   inside a string stay  ');
    const esm = (await import(join(root, 'node_modules/prod-lib/esm/index.mjs'))) as { value: number };
    expect(esm.value).toBe(42);
  });

  it('leaves dev-only packages, workspace links and files esbuild cannot parse as shipped', () => {
    expect(readFileSync(join(root, 'node_modules/dev-tool/index.js'), 'utf8')).toBe(DEV_SOURCE);
    expect(readFileSync(join(root, 'node_modules/prod-lib/node_modules/nested-dev/index.js'), 'utf8')).toBe(
      DEV_SOURCE,
    );
    expect(readFileSync(join(root, 'packages/own/index.js'), 'utf8')).toBe(DEV_SOURCE);
    expect(readFileSync(join(root, 'node_modules/prod-lib/test/broken.js'), 'utf8')).toBe(BROKEN_SOURCE);
  });

  it('runs once per lockfile', () => {
    write(root, 'node_modules/prod-lib/late.js', `// added after the first run\nmodule.exports = 2;\n`);
    expect(minify(root)).toBe('');
    expect(readFileSync(join(root, 'node_modules/prod-lib/late.js'), 'utf8')).toContain('added after');

    writeFileSync(
      join(root, 'package-lock.json'),
      lockfile({ 'node_modules/new-lib': { version: '1.0.0' } }),
    );
    expect(minify(root)).toMatch(/minified 3 dependency files/);
    expect(readFileSync(join(root, 'node_modules/prod-lib/late.js'), 'utf8')).toBe('module.exports=2;\n');
  });
});
