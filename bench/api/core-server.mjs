#!/usr/bin/env node
// Core for the API bench, in its own process so the load generator does not share its event loop.
// Usage: node core-server.mjs <config.json>; prints "listening <port>" once it accepts requests, stops on SIGTERM.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServiceApp } from '@harbor-ts/runtime';

// BENCH_CORE_DIST measures another build of core (e.g. an older commit's, compiled to another folder).
const dist = process.env.BENCH_CORE_DIST ?? new URL('../../apps/core/dist', import.meta.url).pathname;
const { coreDefinition } = await import(`${dist}/core.definition.js`);
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const app = await createServiceApp(coreDefinition, config);
await app.listen(0, '127.0.0.1');
console.log(`listening ${app.getHttpServer().address().port}`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
