import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { imageExtraAttrs, summarizeManifest } from './manifest-summary.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const blob = (mediaType: string, annotations?: Record<string, string>) => ({
  mediaType,
  digest: digestOf(mediaType),
  size: 2,
  ...(annotations ? { annotations } : {}),
});

/** A manifest with a subject, typed by `artifactType` or, without one, by its config's media type. */
function accessoryType(
  config: string,
  options: { artifactType?: string; layerAnnotations?: Record<string, string> },
) {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    ...(options.artifactType ? { artifactType: options.artifactType } : {}),
    config: blob(config),
    layers: [blob('application/vnd.oci.image.layer.v1.tar+gzip', options.layerAnnotations)],
    subject: blob(OCI_MANIFEST),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return summarizeManifest(bytes, OCI_MANIFEST, digestOf(bytes.toString())).accessoryType;
}

describe("accessory types as Harbor's subject middleware names them", () => {
  it.each([
    ['cosign (config)', 'application/vnd.dev.cosign.artifact.sig.v1+json', undefined, 'signature.cosign'],
    [
      'cosign bundle',
      'application/vnd.oci.empty.v1+json',
      'application/vnd.dev.sigstore.bundle.v0.3+json',
      'signature.cosign',
    ],
    [
      'notation',
      'application/vnd.oci.empty.v1+json',
      'application/vnd.cncf.notary.signature',
      'signature.notation',
    ],
    ['Harbor SBOM', 'application/vnd.goharbor.harbor.sbom.v1', undefined, 'sbom.harbor'],
    [
      'in-toto attestation',
      'application/vnd.oci.empty.v1+json',
      'application/vnd.in-toto+json',
      'subject.accessory',
    ],
    ['plain image', 'application/vnd.oci.image.config.v1+json', undefined, 'subject.accessory'],
  ])('%s', (_name, config, artifactType, expected) => {
    expect(accessoryType(config, { artifactType })).toBe(expected);
  });

  it('an image whose layer carries the Nydus bootstrap annotation is a Nydus acceleration', () => {
    const nydus = { 'containerd.io/snapshot/nydus-bootstrap': 'true' };
    expect(accessoryType('application/vnd.oci.image.config.v1+json', { layerAnnotations: nydus })).toBe(
      'accelerator.nydus',
    );
    // the annotation on something that is not an image does not make it one
    expect(accessoryType('application/vnd.oci.empty.v1+json', { layerAnnotations: nydus })).toBe(
      'subject.accessory',
    );
  });

  it('a manifest without a subject is no accessory', () => {
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: blob('application/vnd.oci.image.config.v1+json'),
      layers: [],
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    expect(summarizeManifest(bytes, OCI_MANIFEST, digestOf(bytes.toString())).accessoryType).toBeUndefined();
  });
});

describe("artifact types as Harbor's processors name them", () => {
  const typeOf = (config: string, artifactType?: string) => {
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      ...(artifactType ? { artifactType } : {}),
      config: blob(config),
      layers: [],
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    return summarizeManifest(bytes, OCI_MANIFEST, digestOf(bytes.toString())).type;
  };
  const EMPTY = 'application/vnd.oci.empty.v1+json';

  it.each([
    ['OCI image', 'application/vnd.oci.image.config.v1+json', undefined, 'IMAGE'],
    ['Docker image', 'application/vnd.docker.container.image.v1+json', undefined, 'IMAGE'],
    ['Helm chart', 'application/vnd.cncf.helm.config.v1+json', undefined, 'CHART'],
    ['WASM module', 'application/vnd.wasm.config.v1+json', undefined, 'WASM'],
    ['Harbor SBOM by artifactType', EMPTY, 'application/vnd.goharbor.harbor.sbom.v1', 'SBOM'],
    [
      'CNCF ModelPack model',
      'application/vnd.cncf.model.config.v1+json',
      'application/vnd.cncf.model.manifest.v1+json',
      'CNAI',
    ],
    ['a vendor config', 'application/vnd.caicloud.model.config.v1alpha1+json', undefined, 'MODEL'],
    ['a vendor artifactType', EMPTY, 'application/vnd.acme.rocket.config.v1+json', 'ROCKET'],
    ['an empty config', EMPTY, undefined, 'UNKNOWN'],
    ['a cosign signature', EMPTY, 'application/vnd.dev.cosign.artifact.sig.v1+json', 'UNKNOWN'],
  ])('%s', (_name, config, artifactType, expected) => {
    expect(typeOf(config, artifactType)).toBe(expected);
  });
});

describe("an image's extra_attrs as Harbor's manifest processor writes them", () => {
  it('keeps the OCI config fields only, leaves empty ones out and sorts map keys', () => {
    const dockerConfig = {
      architecture: 'amd64',
      os: 'linux',
      created: '2026-01-02T03:04:05.123456789Z',
      config: {
        Hostname: '',
        Domainname: '',
        User: '',
        AttachStdin: false,
        ExposedPorts: { '8080/tcp': {}, '443/tcp': {} },
        Env: ['PATH=/usr/bin'],
        Cmd: ['serve'],
        Image: 'sha256:abc',
        Volumes: null,
        WorkingDir: '/app',
        Entrypoint: null,
        OnBuild: null,
        Labels: { 'z.last': '1', 'a.first': '2' },
      },
    };
    const attrs = imageExtraAttrs(dockerConfig);
    expect(JSON.stringify(attrs)).toBe(
      JSON.stringify({
        architecture: 'amd64',
        author: '',
        config: {
          ExposedPorts: { '443/tcp': {}, '8080/tcp': {} },
          Env: ['PATH=/usr/bin'],
          Cmd: ['serve'],
          WorkingDir: '/app',
          Labels: { 'a.first': '2', 'z.last': '1' },
        },
        created: '2026-01-02T03:04:05.123456789Z',
        os: 'linux',
      }),
    );
  });

  it('names the author from the OCI authors label, then maintainer, when the config has none', () => {
    const labelled = (labels: Record<string, string>, author?: string) =>
      imageExtraAttrs({ ...(author ? { author } : {}), config: { Labels: labels } }).author;
    expect(
      labelled({ 'org.opencontainers.image.authors': 'oci@example.com', maintainer: 'm@example.com' }),
    ).toBe('oci@example.com');
    expect(labelled({ maintainer: 'm@example.com' })).toBe('m@example.com');
    expect(labelled({ maintainer: 'm@example.com' }, 'config author')).toBe('config author');
    expect(imageExtraAttrs({})).toEqual({ architecture: '', author: '', config: {}, created: null, os: '' });
  });
});

describe("an index as Harbor's index abstractor records it", () => {
  const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
  const summaryOf = (extra: Record<string, unknown>) => {
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [blob(OCI_MANIFEST)], ...extra };
    const bytes = Buffer.from(JSON.stringify(index));
    const { type, mediaType, artifactType } = summarizeManifest(bytes, OCI_INDEX, digestOf(bytes.toString()));
    return { type, mediaType, artifactType };
  };

  it('a multi-platform image: IMAGE, its media type, and no artifact type', () => {
    expect(summaryOf({})).toEqual({ type: 'IMAGE', mediaType: OCI_INDEX, artifactType: '' });
  });

  it('a CNAB bundle, named by its org.opencontainers.artifactType annotation', () => {
    const cnab = 'application/vnd.cnab.manifest.v1';
    expect(summaryOf({ annotations: { 'org.opencontainers.artifactType': cnab } })).toEqual({
      type: 'CNAB',
      mediaType: cnab,
      artifactType: '',
    });
  });

  it('an index with an artifactType of its own', () => {
    const rocket = 'application/vnd.acme.rocket.config.v1+json';
    expect(summaryOf({ artifactType: rocket })).toEqual({
      type: 'ROCKET',
      mediaType: OCI_INDEX,
      artifactType: rocket,
    });
  });
});
