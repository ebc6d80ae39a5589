import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import { parseDigest, verifyDigest } from '@harbor-ts/oci';
import { LOGGER } from '@harbor-ts/runtime';
import { ArtifactResolver } from '../artifacts/artifact-resolver.service.js';
import { RegistryContent } from '../artifacts/registry-content.js';
import { projectOfRepository } from '../token/repository-access.js';
import { RegistryCallers, type RegistryCaller } from './registry-caller.js';
import { TtlCache } from './ttl-cache.js';
import {
  COSIGN_PUBLIC_KEYS,
  COSIGN_SIGNATURE,
  cosignLayers,
  cosignSignatureVerifies,
  isSigningClient,
  NOTATION_SIGNATURE,
  parseCosignPublicKeys,
  policyEnabled,
  signatureRefusal,
  type CosignLayer,
  type SignaturePolicy,
} from './signature-verdict.js';

/** A project's policy is read at most this often per project: pulls stay one cache hit when it is off. */
const POLICY_CACHE_MS = 2_000;
/** What a signature manifest holds never changes under its digest; only its deletion ends the entry. */
const MANIFEST_CACHE_MS = 60_000;
/** A simple signing payload is a few hundred bytes; anything far larger is not one. */
const MAX_PAYLOAD_BYTES = 64 * 1024;

interface ProjectPolicy extends SignaturePolicy {
  projectId: number;
  /** The cosign keys a cosign signature must verify against; undefined when none are configured. */
  cosignKeys: KeyObject[] | undefined;
}

interface ArtifactFacts {
  id: number;
  digest: string;
  repository_name: string;
  /** The artifact is itself a cosign or notation signature accessory (Harbor's exemption). */
  is_signature: boolean;
  /** Tagged `sha256-<hex>.sig`: maybe a cosign signature pushed without a subject. */
  cosign_tagged: boolean;
  /** Digests of the cosign signature accessories of the artifact (OCI 1.1 referrers with subject). */
  cosign_accessories: string[];
  /** Digests tagged `sha256-<hex of the artifact>.sig` in its repository: cosign's usual signatures. */
  cosign_tag_targets: string[];
  signed_by_notation: boolean;
}

/**
 * Harbor's signature policies on manifest GET and HEAD: a project with `enable_content_trust_cosign`
 * (or `enable_content_trust`, notation) refuses an artifact without a signature accessory of that
 * kind. Signatures themselves, the scanner's robot, and cosign/notation fetching what they sign are
 * exempt. With `cosign_public_keys` set, a cosign signature only counts when it verifies against one.
 */
@Injectable()
export class SignaturePullPolicy {
  private readonly policies = new TtlCache<ProjectPolicy | null>(POLICY_CACHE_MS);
  private readonly signatureLayers = new TtlCache<CosignLayer[]>(MANIFEST_CACHE_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly resolver: ArtifactResolver,
    private readonly content: RegistryContent,
    private readonly callers: RegistryCallers,
  ) {}

  /** Harbor's 412 message when the pull is refused; undefined when it may go on. */
  async check(
    caller: RegistryCaller,
    repository: string,
    reference: string,
    userAgent?: string,
  ): Promise<string | undefined> {
    const slash = repository.indexOf('/');
    const projectName = repository.slice(0, slash);
    const policy = await this.policyOf(projectName);
    if (!policy || !policyEnabled(policy)) return undefined;
    const artifact = await this.artifact(projectName, repository.slice(slash + 1), reference);
    // An unknown reference is the registry's 404 to give; a signature is pulled to be verified.
    if (!artifact || artifact.is_signature) return undefined;
    if (artifact.cosign_tagged && (await this.layersOf(repository, artifact.digest)).length > 0)
      return undefined;
    if (await this.exempt(caller, repository, policy.projectId, userAgent)) return undefined;
    return signatureRefusal(policy, {
      signedByCosign: policy.cosign && (await this.signedByCosign(artifact, policy.cosignKeys)),
      signedByNotation: artifact.signed_by_notation,
    });
  }

  private async policyOf(projectName: string): Promise<ProjectPolicy | null> {
    const cached = this.policies.get(projectName);
    if (cached !== undefined) return cached;
    const [row] = (await this.dataSource.query(
      `SELECT p.project_id,
         (SELECT value FROM project_metadata WHERE project_id = p.project_id AND name = 'enable_content_trust_cosign') AS cosign,
         (SELECT value FROM project_metadata WHERE project_id = p.project_id AND name = 'enable_content_trust') AS notation,
         (SELECT value FROM project_metadata WHERE project_id = p.project_id AND name = $2) AS cosign_keys
        FROM project p WHERE p.name = $1 AND NOT p.deleted`,
      [projectName, COSIGN_PUBLIC_KEYS],
    )) as {
      project_id: number;
      cosign: string | null;
      notation: string | null;
      cosign_keys: string | null;
    }[];
    const policy = row
      ? {
          projectId: row.project_id,
          cosign: row.cosign === 'true',
          notation: row.notation === 'true',
          cosignKeys: this.keysOf(row.cosign_keys, projectName),
        }
      : null;
    this.policies.set(projectName, policy);
    return policy;
  }

  /** Keys that do not parse (written past the API) verify nothing: the policy then refuses, never opens. */
  private keysOf(value: string | null, projectName: string): KeyObject[] | undefined {
    if (value === null || value === '') return undefined;
    const keys = parseCosignPublicKeys(value);
    if (typeof keys !== 'string') return keys.length > 0 ? keys : undefined;
    this.logger.warn({ project: projectName, reason: keys }, `project ${COSIGN_PUBLIC_KEYS} unusable`);
    return [];
  }

  private async artifact(
    projectName: string,
    repositoryName: string,
    reference: string,
  ): Promise<ArtifactFacts | undefined> {
    try {
      return await this.resolver.resolve<ArtifactFacts>(projectName, repositoryName, reference, (params) => {
        const signatures = params.add([COSIGN_SIGNATURE, NOTATION_SIGNATURE]);
        const cosign = params.add(COSIGN_SIGNATURE);
        const notation = params.add(NOTATION_SIGNATURE);
        // A referrer pushed before its subject has no subject id yet; repository and digest still name it.
        const ofSubject = `(acc.subject_artifact_id = a.id OR (acc.subject_artifact_id IS NULL
            AND acc.subject_artifact_repo = a.repository_name AND acc.subject_artifact_digest = a.digest))`;
        return `EXISTS (SELECT 1 FROM artifact_accessory acc WHERE acc.artifact_id = a.id
              AND acc.type = ANY(${signatures}::varchar[])) AS is_signature,
            EXISTS (SELECT 1 FROM tag st WHERE st.artifact_id = a.id
              AND st.name ~ '^sha256-[a-f0-9]{64}\\.sig$') AS cosign_tagged,
            ARRAY(SELECT acc.digest FROM artifact_accessory acc WHERE ${ofSubject}
              AND acc.type = ${cosign} ORDER BY acc.id DESC) AS cosign_accessories,
            ARRAY(SELECT sa.digest FROM tag st JOIN artifact sa ON sa.id = st.artifact_id
              WHERE st.repository_id = a.repository_id AND a.digest LIKE 'sha256:%'
                AND st.name = 'sha256-' || substr(a.digest, 8) || '.sig') AS cosign_tag_targets,
            EXISTS (SELECT 1 FROM artifact_accessory acc WHERE ${ofSubject}
              AND acc.type = ${notation}) AS signed_by_notation`;
      });
    } catch (error) {
      if (error instanceof HarborError) return undefined;
      throw error;
    }
  }

  /**
   * Harbor's exemptions of the caller (util.SkipPolicyChecking): the scan robot of the project, and a
   * bearer-token caller that may push in the project fetching with cosign or notation, to sign it.
   */
  private async exempt(
    caller: RegistryCaller,
    repository: string,
    projectId: number,
    userAgent: string | undefined,
  ): Promise<boolean> {
    if (caller.kind === 'token' && isSigningClient(userAgent)) {
      const project = projectOfRepository(repository);
      const pushable = caller.claims.access.find(
        (a) =>
          a.type === 'repository' &&
          projectOfRepository(a.name) === project &&
          (a.actions.includes('push') || a.actions.includes('*')),
      );
      if (pushable && (await this.callers.may(caller, pushable.name, 'push'))) return true;
    }
    const principal = (await this.callers.securityOf(caller))?.principal;
    return (
      principal?.kind === 'robot' && principal.creatorType === 'scan' && principal.projectId === projectId
    );
  }

  /**
   * Signed by cosign: a cosign signature accessory, or a `sha256-<hex>.sig` tag on a manifest with a
   * simple signing layer (cosign's default, which Harbor records as an accessory on push). With keys
   * configured, one of those signatures must also verify against a key and name this digest.
   */
  private async signedByCosign(artifact: ArtifactFacts, keys: KeyObject[] | undefined): Promise<boolean> {
    if (!keys && artifact.cosign_accessories.length > 0) return true;
    const candidates = keys
      ? [...new Set([...artifact.cosign_accessories, ...artifact.cosign_tag_targets])]
      : artifact.cosign_tag_targets;
    for (const digest of candidates) {
      const layers = await this.layersOf(artifact.repository_name, digest);
      if (!keys) {
        if (layers.length > 0) return true;
        continue;
      }
      for (const layer of layers) {
        if (!layer.signature || layer.size > MAX_PAYLOAD_BYTES) continue;
        const payload = await this.payload(artifact.repository_name, layer.digest);
        if (payload && cosignSignatureVerifies(payload, layer.signature, keys, artifact.digest)) return true;
      }
    }
    return false;
  }

  /** The simple signing layers of a manifest in the registry; none when it is unreadable or not JSON. */
  private async layersOf(repository: string, digest: string): Promise<CosignLayer[]> {
    const key = `${repository}@${digest}`;
    const cached = this.signatureLayers.get(key);
    if (cached) return cached;
    let layers: CosignLayer[];
    try {
      const manifest = await this.content.manifest(repository, digest);
      layers = cosignLayers(JSON.parse(manifest.bytes.toString('utf8')));
    } catch (error) {
      this.logger.warn({ err: error, repository, digest }, 'signature manifest unreadable');
      return [];
    }
    this.signatureLayers.set(key, layers);
    return layers;
  }

  private async payload(repository: string, digest: string): Promise<Buffer | undefined> {
    try {
      const payload = await this.content.read(repository, digest, MAX_PAYLOAD_BYTES);
      // The bytes signed are the bytes the manifest names, or nothing verifies.
      return verifyDigest(payload, parseDigest(digest)) ? payload : undefined;
    } catch (error) {
      this.logger.warn({ err: error, repository, digest }, 'cosign signature payload unreadable');
      return undefined;
    }
  }
}
