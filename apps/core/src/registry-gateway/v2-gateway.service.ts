import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CoreConfig } from '@harbor-ts/config';
import { OciErrorCode } from '@harbor-ts/errors';
import { tryParseDigest } from '@harbor-ts/oci';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { PullRecorder } from '../artifacts/pull-recorder.service.js';
import { ProxyCache } from '../proxy-cache/proxy-cache.service.js';
import { ProxyProjects } from '../proxy-cache/proxy-projects.js';
import { DeleteRecorder } from '../artifacts/delete-recorder.service.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { REGISTRY_SERVICE } from '../token/registry-token.js';
import { BLOB_ACCEL_HEADER, BlobAccel } from './blob-accel.js';
import { BlobGcGate } from './blob-gc-gate.js';
import { CatalogLister } from './catalog-lister.js';
import { ImmutableTagPushPolicy } from './immutable-tag-push-policy.js';
import { ManifestPush } from './manifest-push.js';
import { sendJson, sendOciError } from './oci-reply.js';
import { callerOperator, RegistryCallers, type RegistryCaller } from './registry-caller.js';
import { RegistryProxy } from './registry-proxy.js';
import { SignaturePullPolicy } from './signature-pull-policy.js';
import { parseV2Route, requiredAction, type V2Route } from './v2-route.js';
import { VulnerabilityPullPolicy } from './vulnerability-pull-policy.js';

type RepositoryRoute = Extract<V2Route, { kind: 'repository' }>;

const GC_BUSY = 'the blob is being garbage collected; retry the upload';

/** The digest an upload's last PUT (`PUT .../blobs/uploads/<id>?digest=...`) commits, if this is one. */
function finalUploadDigest(route: RepositoryRoute, method: string, rawUrl: unknown): string | undefined {
  if (route.target !== 'upload' || method !== 'PUT' || typeof rawUrl !== 'string') return undefined;
  const digest = new URL(rawUrl, 'http://registry').searchParams.get('digest');
  return digest ? tryParseDigest(digest)?.value : undefined;
}

/** The /v2 gatekeeper: authorises every request, then forwards it to the internal registry. */
@Injectable()
export class V2Gateway {
  private readonly publicOrigin: string;
  private readonly realm: string;
  private readonly registryAuthorization: string;
  private readonly gatekeeperSecret: Buffer;

  constructor(
    @Inject(SERVICE_CONFIG) config: CoreConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly callers: RegistryCallers,
    private readonly proxy: RegistryProxy,
    private readonly catalog: CatalogLister,
    private readonly manifests: ManifestPush,
    private readonly pulls: PullRecorder,
    private readonly deletes: DeleteRecorder,
    private readonly configuration: ConfigurationService,
    private readonly blobAccel: BlobAccel,
    private readonly blobGate: BlobGcGate,
    private readonly vulnerabilityPolicy: VulnerabilityPullPolicy,
    private readonly signaturePolicy: SignaturePullPolicy,
    private readonly immutablePolicy: ImmutableTagPushPolicy,
    private readonly proxyProjects: ProxyProjects,
    private readonly proxyCache: ProxyCache,
  ) {
    this.publicOrigin = new URL(config.externalUrl).origin;
    this.realm = `${config.externalUrl.replace(/\/+$/, '')}/service/token`;
    const { username, password } = config.registry.credentials;
    this.registryAuthorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    this.gatekeeperSecret = Buffer.from(config.secrets.coreSecret);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = parseV2Route(request.url ?? '');
    if (!route) return sendOciError(response, 404, OciErrorCode.NAME_INVALID, 'not a registry endpoint');
    const caller = await this.callers.identify(request);
    if (
      caller.kind === 'invalid' ||
      (caller.kind === 'anonymous' && (route.kind !== 'repository' || !caller.claims))
    ) {
      return this.challenge(
        response,
        route.kind === 'repository' ? route : undefined,
        request.method ?? 'GET',
      );
    }
    if (route.kind === 'ping') return sendJson(response, {});
    if (route.kind === 'catalog') return this.listCatalog(caller, request, response);
    return this.repositoryRequest(caller, route, request, response);
  }

  /**
   * nginx's auth_request for requests it sends straight to the registry (upload chunks): the original
   * method and URI come as headers; allowed requests get the registry's credentials back for nginx.
   */
  async authorizeSubrequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Core's socket is open to local users; only nginx knows the secret, so only nginx gets credentials.
    if (!this.isFromNginx(request))
      return sendOciError(response, 404, OciErrorCode.NAME_INVALID, 'not a registry endpoint');
    const method = String(request.headers['x-original-method'] ?? 'GET');
    const route = parseV2Route(String(request.headers['x-original-uri'] ?? ''));
    const caller = await this.callers.identify(request);
    const verdict = route?.kind === 'repository' ? await this.authorize(caller, route, method) : 'deny';
    const uploadDigest =
      route?.kind === 'repository'
        ? finalUploadDigest(route, method, request.headers['x-original-uri'])
        : undefined;
    // nginx turns any other answer into a 500, which clients retry like the 429 core would send.
    if (verdict === 'allow' && uploadDigest && !(await this.blobGate.uploadMayCommit(uploadDigest))) {
      return sendOciError(response, 429, OciErrorCode.TOOMANYREQUESTS, GC_BUSY);
    }
    response.writeHead(verdict === 'allow' ? 200 : verdict === 'challenge' ? 401 : 403, {
      'content-length': '0',
      ...(verdict === 'allow' ? { 'x-registry-authorization': this.registryAuthorization } : {}),
    });
    response.end();
  }

  private isFromNginx(request: IncomingMessage): boolean {
    const presented = Buffer.from(String(request.headers['x-harbor-gatekeeper-secret'] ?? ''));
    return (
      presented.length === this.gatekeeperSecret.length && timingSafeEqual(presented, this.gatekeeperSecret)
    );
  }

  private async authorize(
    caller: RegistryCaller,
    route: RepositoryRoute,
    method: string,
  ): Promise<'allow' | 'challenge' | 'deny' | 'read-only'> {
    if (caller.kind === 'invalid') return 'challenge';
    const action = requiredAction(method, route);
    // The same answer whether or not the repository exists: nothing leaks to the unauthorised.
    if (!(await this.callers.may(caller, route.name, action)))
      return caller.kind === 'anonymous' ? 'challenge' : 'deny';
    const startsWrite = action !== 'pull' && (route.target !== 'upload' || method === 'POST');
    return startsWrite && (await this.configuration.get('read_only')) ? 'read-only' : 'allow';
  }

  private async repositoryRequest(
    caller: RegistryCaller,
    route: RepositoryRoute,
    request: IncomingMessage,
    response: ServerResponse,
  ) {
    const method = request.method ?? 'GET';
    const verdict = await this.authorize(caller, route, method);
    if (verdict === 'challenge') return this.challenge(response, route, method);
    if (verdict === 'deny') return this.deny(response, route, method);
    if (verdict === 'read-only') {
      return sendOciError(
        response,
        403,
        OciErrorCode.DENIED,
        'The system is in read only mode. Any modification is prohibited.',
      );
    }
    if (await this.pulledThrough(caller, route, request, response)) return;
    if (route.target === 'manifest' && method === 'PUT') {
      return this.manifests.put(
        route.name,
        route.reference,
        request,
        response,
        this.publicOrigin,
        callerOperator(caller),
      );
    }
    const blobRead = route.target === 'blob' && (method === 'GET' || method === 'HEAD');
    if (blobRead && !(await this.blobReadable(route.reference))) {
      return sendOciError(response, 404, OciErrorCode.BLOB_UNKNOWN, 'blob unknown to registry');
    }
    const uploadDigest = finalUploadDigest(route, method, request.url);
    if (uploadDigest && !(await this.blobGate.uploadMayCommit(uploadDigest))) {
      return sendOciError(response, 429, OciErrorCode.TOOMANYREQUESTS, GC_BUSY);
    }
    if (blobRead && request.headers[BLOB_ACCEL_HEADER] === 'on') {
      return this.blobAccel.serve(route.name, route.reference, request, response, this.publicOrigin);
    }
    if (route.target === 'manifest' && method === 'DELETE')
      return this.deleteManifest(caller, route, request, response);
    if (route.target === 'manifest' && (method === 'GET' || method === 'HEAD')) {
      // Harbor's order: the signature policies, then vulnerability prevention.
      const refused =
        (await this.signaturePolicy.check(
          caller,
          route.name,
          route.reference,
          request.headers['user-agent'],
        )) ?? (await this.vulnerabilityPolicy.check(caller, route.name, route.reference));
      if (refused) return sendOciError(response, 412, OciErrorCode.PROJECTPOLICYVIOLATION, refused);
    }
    const path =
      route.target === 'upload' && method === 'POST' ? await this.mountPath(caller, request) : undefined;
    const upstream = await this.proxy.forward(request, path ? { path } : {});
    if (route.target === 'manifest' && method === 'GET' && upstream.statusCode === 200) {
      const digest = upstream.headers['docker-content-digest'];
      const tag = route.reference.includes(':') ? undefined : route.reference;
      if (typeof digest === 'string') this.pulls.recordLater(route.name, digest, tag, callerOperator(caller));
    }
    await this.proxy.relay(upstream, response, this.publicOrigin);
  }

  /**
   * A proxy-cache project: pushes are refused with Harbor's words; a manifest or blob the cache lacks
   * (or a tag the upstream moved) is answered from the upstream. False: served locally as usual.
   */
  private async pulledThrough(
    caller: RegistryCaller,
    route: RepositoryRoute,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<boolean> {
    const project = await this.proxyProjects.of(route.name);
    if (!project) return false;
    const method = request.method ?? 'GET';
    if (requiredAction(method, route) === 'push') {
      const message = `can not push artifact to a proxy project: ${project.name}`;
      return (sendOciError(response, 403, OciErrorCode.DENIED, message), true);
    }
    if (method !== 'GET' && method !== 'HEAD') return false;
    if (route.target === 'manifest') {
      const operator = callerOperator(caller);
      return this.proxyCache.manifest(project, route.name, route.reference, request, response, operator);
    }
    if (route.target === 'blob')
      return this.proxyCache.blob(project, route.name, route.reference, request, response);
    return false;
  }

  /**
   * Deletes in the registry first, then in the catalogue, so a failed delete leaves both as they were;
   * the catalogue's delete (the API's deep delete for a digest) emits the event naming the caller.
   */
  private async deleteManifest(
    caller: RegistryCaller,
    route: RepositoryRoute,
    request: IncomingMessage,
    response: ServerResponse,
  ) {
    const byDigest = route.reference.includes(':');
    if (byDigest && (await this.deletes.isReferencedByIndex(route.name, route.reference))) {
      return sendOciError(
        response,
        403,
        OciErrorCode.DENIED,
        'the manifest is referenced by an index; delete the index first',
      );
    }
    const immutable = await this.immutablePolicy.checkDelete(route.name, route.reference);
    if (immutable) return sendOciError(response, 412, OciErrorCode.PRECONDITION, immutable);
    const upstream = await this.proxy.forward(request, {});
    if (upstream.statusCode === 202) {
      const operator = callerOperator(caller);
      if (byDigest) await this.deletes.manifestDeleted(route.name, route.reference, operator);
      else await this.deletes.tagDeleted(route.name, route.reference, operator);
    }
    await this.proxy.relay(upstream, response, this.publicOrigin);
  }

  /** GC's say on a blob read: one it is deleting is absent, one it marked is taken back. */
  private async blobReadable(reference: string): Promise<boolean> {
    const digest = tryParseDigest(reference);
    return !digest || (await this.blobGate.readable(digest.value));
  }

  /**
   * A cross-repository mount needs pull on the source, and a blob GC is not deleting; otherwise the
   * registry starts a plain upload and the client sends the blob.
   */
  private async mountPath(caller: RegistryCaller, request: IncomingMessage): Promise<string | undefined> {
    const url = new URL(request.url ?? '', 'http://registry');
    const from = url.searchParams.get('from');
    const mount = url.searchParams.get('mount');
    if (!mount || !from) return undefined;
    if ((await this.callers.may(caller, from, 'pull')) && (await this.blobReadable(mount))) return undefined;
    url.searchParams.delete('mount');
    url.searchParams.delete('from');
    return `${url.pathname}${url.search}`;
  }

  private async listCatalog(caller: RegistryCaller, request: IncomingMessage, response: ServerResponse) {
    const security = await this.callers.securityOf(caller);
    if (!security)
      return sendOciError(response, 403, OciErrorCode.DENIED, 'requested access to the resource is denied');
    const { repositories, next } = await this.catalog.list(
      security,
      new URL(request.url ?? '', 'http://registry').searchParams,
    );
    return sendJson(response, { repositories }, next ? { link: `<${next}>; rel="next"` } : {});
  }

  private challenge(response: ServerResponse, route: RepositoryRoute | undefined, method: string): void {
    sendOciError(response, 401, OciErrorCode.UNAUTHORIZED, 'authentication required', {
      'www-authenticate': this.bearerChallenge(route, method),
    });
  }

  /**
   * Signed in but not allowed. 401 with DENIED and `insufficient_scope`, as distribution and Harbor
   * answer: docker then stops at once with "denied", where a 403 makes it retry an upload for a minute.
   */
  private deny(response: ServerResponse, route: RepositoryRoute, method: string): void {
    sendOciError(response, 401, OciErrorCode.DENIED, 'requested access to the resource is denied', {
      'www-authenticate': `${this.bearerChallenge(route, method)},error="insufficient_scope"`,
    });
  }

  private bearerChallenge(route: RepositoryRoute | undefined, method: string): string {
    const action = route ? requiredAction(method, route) : undefined;
    const actions = action === 'push' ? 'pull,push' : action;
    const scope = route ? `,scope="repository:${route.name}:${actions}"` : '';
    return `Bearer realm="${this.realm}",service="${REGISTRY_SERVICE}"${scope}`;
  }
}
