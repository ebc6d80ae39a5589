import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRpmSqlite } from './rpm-database.js';

const hasRpm = existsSync('/usr/bin/rpm') && existsSync('/usr/bin/rpmbuild');
const work = mkdtempSync(join(tmpdir(), 'rpmdb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A real rpm sqlite database: rpmbuild makes the packages, rpm records them (--justdb). */
function buildRpmDatabase(): Buffer {
  mkdirSync(join(work, 'SPECS'), { recursive: true });
  writeFileSync(
    join(work, 'SPECS', 'openssl.spec'),
    [
      'Name: openssl',
      'Version: 3.0.7',
      'Release: 24.el9',
      'Epoch: 1',
      'Summary: test',
      'License: ASL 2.0',
      'BuildArch: noarch',
      '%description',
      'test',
      '%package libs',
      'Summary: libraries',
      '%description libs',
      'libraries',
      '%files',
      '%files libs',
      '',
    ].join('\n'),
  );
  const rpm = (...args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: 'pipe', cwd: work });
  rpm('rpmbuild', '--define', `_topdir ${work}`, '-bb', 'SPECS/openssl.spec');
  const db = join(work, 'db');
  rpm('rpm', '--dbpath', db, '--initdb');
  rpm(
    'rpm',
    '--dbpath',
    db,
    '-i',
    '--justdb',
    '--nodeps',
    '--noscripts',
    join(work, 'RPMS/noarch/openssl-3.0.7-24.el9.noarch.rpm'),
    join(work, 'RPMS/noarch/openssl-libs-3.0.7-24.el9.noarch.rpm'),
  );
  return readFileSync(join(db, 'rpmdb.sqlite'));
}

describe('rpm sqlite database', () => {
  it.skipIf(!hasRpm && !process.env.CI)(
    'reads the packages rpm recorded, with epoch, release and source package',
    () => {
      const packages = parseRpmSqlite(buildRpmDatabase());
      expect(packages.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        {
          name: 'openssl',
          version: '1:3.0.7-24.el9',
          sourceName: 'openssl',
          sourceVersion: '1:3.0.7-24.el9',
          type: 'rpm',
        },
        {
          name: 'openssl-libs',
          version: '1:3.0.7-24.el9',
          sourceName: 'openssl',
          sourceVersion: '1:3.0.7-24.el9',
          type: 'rpm',
        },
      ]);
    },
  );

  it('reads nothing from what is not an rpm database', () => {
    expect(parseRpmSqlite(Buffer.from('not a database'))).toEqual([]);
  });
});
