// Fails the build when the JS a first visit downloads (entry + modulepreloads in dist/index.html)
// exceeds the budget, so bundle growth is noticed when it happens rather than in production.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);

let total = 0;
for (const file of files) {
  const kb = gzipSync(readFileSync(join(dist, file))).length / 1000;
  total += kb;
  console.log(`  ${file.padEnd(44)} ${kb.toFixed(2).padStart(8)} kB gzip`);
}
console.log(`initial JS: ${total.toFixed(2)} kB gzip (budget ${BUDGET_KB} kB)`);
if (total > BUDGET_KB) {
  console.error('initial JS is over budget: split the new code into a lazy route or drop a dependency');
  process.exit(1);
}
