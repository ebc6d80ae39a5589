/**
 * A Debian 12 image's package database with one package, at a version the real advisory for
 * CVE-2024-0727 affects, and that advisory in osv.dev's export format (what a user copies into
 * <data_volume>/trivy-adapter/osv/ behind a firewall).
 */
export const DEBIAN_OS_RELEASE =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n';

export const DEBIAN_DPKG_STATUS = `Package: libssl3
Status: install ok installed
Priority: optional
Section: libs
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.11-1~deb12u2
Depends: libc6 (>= 2.34)
Description: Secure Sockets Layer toolkit - shared libraries
Homepage: https://www.openssl.org/
`;

export const OSV_OPENSSL_CVE_2024_0727 = [
  {
    id: 'DEBIAN-CVE-2024-0727',
    modified: '2024-06-01T00:00:00Z',
    upstream: ['CVE-2024-0727'],
    details: 'Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
    affected: [
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }],
      },
    ],
  },
];
