import { Injectable } from '@nestjs/common';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { parseManifest, type Descriptor, type ParsedManifest } from '@harbor-ts/oci';
import type { ArtifactRow } from '../artifacts/artifact-resolver.service.js';
import { RegistryContent } from '../artifacts/registry-content.js';
import { buildHistory } from './build-history.js';
import { chartDependencies } from './chart-dependencies.js';
import { readChartFiles } from './chart-files.js';
import { MAX_SBOM_BYTES, SBOM_ACCESSORY_TYPE, sbomLayer } from './sbom-addition.js';

/** The additions Harbor's swagger names; those beyond build_history and the chart files are not built here. */
export const ADDITION_NAMES = [
  'build_history',
  'values.yaml',
  'readme.md',
  'dependencies',
  'sbom',
  'license',
  'files',
];

const IMAGE_CONFIG_TYPES = [
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
];
const CHART_CONFIG_TYPE = 'application/vnd.cncf.helm.config.v1+json';
const CHART_LAYER_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const CHART_ADDITIONS = ['values.yaml', 'readme.md', 'dependencies'];

/** Image configs are small; this only guards memory against a hostile one. */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** Helm refuses charts over 20 MiB; a few more leave room without reading anything huge. */
const MAX_CHART_ARCHIVE_BYTES = 32 * 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

export interface Addition {
  content: string;
  contentType: string;
}

function unsupported(addition: string, kind: string): HarborError {
  return HarborError.badRequest(`addition ${addition.toUpperCase()} isn't supported for ${kind}`);
}

/** Harbor's artifact additions, read from the registry each time as Harbor does (nothing is cached). */
@Injectable()
export class ArtifactAdditions {
  constructor(private readonly registry: RegistryContent) {}

  /** Which processor applies is decided by the config media type, as in Harbor. */
  async get(artifact: ArtifactRow, addition: string): Promise<Addition> {
    if (IMAGE_CONFIG_TYPES.includes(artifact.media_type)) {
      if (addition !== 'build_history') throw unsupported(addition, 'IMAGE(manifest version 2)');
      return { content: await this.buildHistory(artifact), contentType: JSON_TYPE };
    }
    if (artifact.media_type === CHART_CONFIG_TYPE) {
      if (!CHART_ADDITIONS.includes(addition)) throw unsupported(addition, 'CHART');
      return this.chartAddition(artifact, addition);
    }
    if (artifact.media_type === SBOM_ACCESSORY_TYPE) {
      if (addition !== 'sbom') throw unsupported(addition, 'SBOM');
      const layer = sbomLayer(await this.manifest(artifact));
      const bytes = await this.registry.read(artifact.repository_name, layer.digest.value, MAX_SBOM_BYTES);
      return { content: bytes.toString('utf8'), contentType: SBOM_ACCESSORY_TYPE };
    }
    throw unsupported(addition, artifact.type);
  }

  private async manifest(artifact: ArtifactRow): Promise<ParsedManifest> {
    const stored = await this.registry.manifest(artifact.repository_name, artifact.digest);
    return parseManifest(stored.bytes, stored.contentType || artifact.manifest_media_type);
  }

  private async buildHistory(artifact: ArtifactRow): Promise<string> {
    const config = (await this.manifest(artifact)).blobs[0];
    if (!config) return 'null';
    const bytes = await this.registry.read(artifact.repository_name, config.digest.value, MAX_CONFIG_BYTES);
    try {
      return buildHistory(JSON.parse(bytes.toString('utf8')));
    } catch {
      throw new HarborError(HarborErrorCode.INTERNAL_SERVER_ERROR, 'the image config is not JSON');
    }
  }

  private async chartAddition(artifact: ArtifactRow, addition: string): Promise<Addition> {
    const layer = chartLayer(await this.manifest(artifact));
    if (!layer)
      throw new HarborError(HarborErrorCode.INTERNAL_SERVER_ERROR, 'the chart has no content layer');
    if (layer.size > MAX_CHART_ARCHIVE_BYTES) {
      throw new HarborError(HarborErrorCode.INTERNAL_SERVER_ERROR, 'the chart archive is too large');
    }
    const archive = await this.registry.open(artifact.repository_name, layer.digest.value);
    if (addition === 'dependencies') {
      const files = await readChartFiles(archive, ['chart.yaml', 'requirements.yaml']);
      return {
        content: chartDependencies(files.get('chart.yaml'), files.get('requirements.yaml')),
        contentType: JSON_TYPE,
      };
    }
    const files = await readChartFiles(archive, [addition]);
    // A chart without the file answers empty, as Harbor does.
    const content = files.get(addition) ?? '';
    const contentType =
      addition === 'readme.md' ? 'text/markdown; charset=utf-8' : 'text/plain; charset=utf-8';
    return { content, contentType };
  }
}

/** The chart archive: the layer of Helm's media type, else (older pushes) the first that is not the config. */
function chartLayer(manifest: ParsedManifest): Descriptor | undefined {
  const [config, ...layers] = manifest.blobs;
  return (
    layers.find((l) => l.mediaType === CHART_LAYER_TYPE) ??
    layers.find((l) => l.digest.value !== config?.digest.value)
  );
}
