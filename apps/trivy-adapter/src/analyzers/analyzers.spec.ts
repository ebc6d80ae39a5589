import { describe, expect, it } from 'vitest';
import { parseApkInstalled } from './apk-installed.js';
import { parseDpkgStatus } from './dpkg-status.js';
import { osvEcosystem, parseOsRelease } from './os-release.js';

describe('package database parsers', () => {
  it('reads installed dpkg packages with their source packages', () => {
    const status = [
      'Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nDescription: Secure Sockets Layer\n toolkit - shared libraries',
      'Package: removed\nStatus: deinstall ok config-files\nVersion: 1.0',
      'Package: libc6\nStatus: install ok installed\nSource: glibc (2.36-9+deb12u4)\nVersion: 2.36-9+deb12u4+b1',
    ].join('\n\n');
    expect(parseDpkgStatus(status)).toEqual([
      {
        name: 'libssl3',
        version: '3.0.11-1~deb12u2',
        sourceName: 'openssl',
        sourceVersion: '3.0.11-1~deb12u2',
      },
      { name: 'libc6', version: '2.36-9+deb12u4+b1', sourceName: 'glibc', sourceVersion: '2.36-9+deb12u4' },
    ]);
  });

  it('reads a distroless status.d file, which has no Status field', () => {
    expect(parseDpkgStatus('Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n')).toHaveLength(1);
  });

  it('reads apk packages with their origin', () => {
    const installed = 'C:Q1abc\nP:libcrypto3\nV:3.1.4-r5\no:openssl\n\nP:musl\nV:1.2.4_git20230717-r4\n';
    expect(parseApkInstalled(installed)).toEqual([
      { name: 'libcrypto3', version: '3.1.4-r5', sourceName: 'openssl', sourceVersion: '3.1.4-r5' },
      {
        name: 'musl',
        version: '1.2.4_git20230717-r4',
        sourceName: 'musl',
        sourceVersion: '1.2.4_git20230717-r4',
      },
    ]);
  });

  it('names the OSV ecosystem of a release', () => {
    expect(osvEcosystem(parseOsRelease('ID=debian\nVERSION_ID="12"\n')!)).toBe('Debian:12');
    expect(osvEcosystem(parseOsRelease('ID=alpine\nVERSION_ID=3.19.1\n')!)).toBe('Alpine:v3.19');
    expect(parseOsRelease('NAME=x')).toBeUndefined();
  });
});
