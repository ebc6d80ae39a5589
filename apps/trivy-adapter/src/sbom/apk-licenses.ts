/** `L:` (license) per package name of `lib/apk/db/installed`: apk records each package's license. */
export function apkLicenses(text: string): Map<string, string> {
  const licenses = new Map<string, string>();
  for (const block of text.split(/\n\s*\n/)) {
    let name = '';
    let license = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('P:')) name = line.slice(2).trim();
      else if (line.startsWith('L:')) license = line.slice(2).trim();
    }
    if (name && license) licenses.set(name, license);
  }
  return licenses;
}
