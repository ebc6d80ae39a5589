/**
 * Harbor's built-in icons, by the digests its API names them with (`icon` of an artifact or accessory,
 * `GET /icons/{digest}`). A digest is only a name here: Harbor's own API says the content served for it
 * does not hash to it. harbor-ts draws its own pictures for them (icon-images.ts).
 */
export const ICON_DIGESTS = {
  image: 'sha256:0048162a053eef4d4ce3fe7518615bef084403614f8bca43b40ae2e762e11e06',
  chart: 'sha256:61cf3a178ff0f75bf08a25d96b75cf7355dc197749a9f128ed3ef34b0df05518',
  cnab: 'sha256:089bdda265c14d8686111402c8ad629e8177a1ceb7dcd0f7f39b6480f623b3bd',
  default: 'sha256:da834479c923584f4cbcdecc0dac61f32bef1d51e8aae598cf16bd154efab49f',
  wasm: 'sha256:badd7693bcaf115be202748241dd0ea6ee3b0524bfab9ac22d1e1c43721afec6',
  cnai: 'sha256:1e1e5c5fdaf0931ec8655e835d1182f723a0c322a6760211622e1270f0193717',
  cosign: 'sha256:20401d5b3a0f6dbc607c8d732eb08471af4ae6b19811a4efce8c6a724aed2882',
  notation: 'sha256:3ac706e102bbe9362b400aa162df58135d35e66b9c3bee2165de92022d25fe34',
  nydus: 'sha256:dfcb6617cd9c144358dc1b305b87bbe34f0b619f1e329116e6aee2e41f2e34cf',
  sbom: 'sha256:c19f80c357cd7e90d2a01b9ae3e2eb62ce447a2662bb590a19177d72d550bdae',
} as const;

export type IconName = keyof typeof ICON_DIGESTS;

/** An artifact without an icon of its own shows its type's (Harbor's `populateIcon`); other types the default. */
const ARTIFACT_TYPE_ICONS: Record<string, string> = {
  IMAGE: ICON_DIGESTS.image,
  CHART: ICON_DIGESTS.chart,
  CNAB: ICON_DIGESTS.cnab,
  WASM: ICON_DIGESTS.wasm,
  SBOM: ICON_DIGESTS.sbom,
  CNAI: ICON_DIGESTS.cnai,
};

/** Accessories of these types carry an icon; any other type has none (''). */
const ACCESSORY_TYPE_ICONS: Record<string, string> = {
  'signature.cosign': ICON_DIGESTS.cosign,
  'signature.notation': ICON_DIGESTS.notation,
  'accelerator.nydus': ICON_DIGESTS.nydus,
  'sbom.harbor': ICON_DIGESTS.sbom,
};

export function artifactIcon(type: string, stored: string | null | undefined): string {
  return stored || (ARTIFACT_TYPE_ICONS[type] ?? ICON_DIGESTS.default);
}

export function accessoryIcon(type: string): string {
  return ACCESSORY_TYPE_ICONS[type] ?? '';
}

const caseSql = (column: string, icons: Record<string, string>, otherwise: string) =>
  `CASE ${column} ${Object.entries(icons)
    .map(([type, digest]) => `WHEN '${type}' THEN '${digest}'`)
    .join(' ')} ELSE '${otherwise}' END`;

/** artifactIcon in SQL, for JSON written by Postgres: `type` and `icon` are column expressions. */
export function artifactIconSql(type: string, icon: string): string {
  return `COALESCE(NULLIF(${icon}, ''), ${caseSql(type, ARTIFACT_TYPE_ICONS, ICON_DIGESTS.default)})`;
}

/** accessoryIcon in SQL. */
export function accessoryIconSql(type: string): string {
  return caseSql(type, ACCESSORY_TYPE_ICONS, '');
}
