// A synthetic OSV export the size of a real Debian one (no network here): `records` advisories over
// the image's source packages and as many other names, a few per image package affecting its version.
export function syntheticOsvExport(sourcePackages, records) {
  const out = [];
  for (let i = 0; i < records; i++) {
    const image = i % 3 === 0 && sourcePackages.length > 0;
    const name = image ? sourcePackages[i % sourcePackages.length] : `other-package-${i % 5000}`;
    out.push({
      id: `DEBIAN-CVE-2099-${100000 + i}`,
      modified: new Date().toISOString(),
      upstream: [`CVE-2099-${100000 + i}`],
      details: `synthetic advisory ${i}`,
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
      affected: [
        {
          package: { ecosystem: 'Debian:12', name },
          // Every 50th advisory of an image package affects everything before a far future version.
          ranges: [
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: i % 50 === 0 ? '99:99' : '0.0.1' }] },
          ],
        },
      ],
    });
  }
  return out;
}
