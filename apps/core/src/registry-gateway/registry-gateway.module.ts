import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { OciErrorCode } from '@harbor-ts/errors';
import { LOGGER } from '@harbor-ts/runtime';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { CveAllowlistModule } from '../cve-allowlist/cve-allowlist.module.js';
import { ProxyCacheModule } from '../proxy-cache/proxy-cache.module.js';
import { ScannersModule } from '../scanners/scanners.module.js';
import { TokenModule } from '../token/token.module.js';
import { BlobAccel } from './blob-accel.js';
import { BlobGcGate } from './blob-gc-gate.js';
import { CatalogLister } from './catalog-lister.js';
import { ImmutableTagPushPolicy } from './immutable-tag-push-policy.js';
import { ManifestPush } from './manifest-push.js';
import { PushQuota } from './push-quota.js';
import { sendOciError } from './oci-reply.js';
import { RegistryCallers } from './registry-caller.js';
import { RegistryProxy } from './registry-proxy.js';
import { SignaturePullPolicy } from './signature-pull-policy.js';
import { V2Gateway } from './v2-gateway.service.js';
import { VulnerabilityPullPolicy } from './vulnerability-pull-policy.js';

/** nginx's auth_request target; nginx refuses it from outside, as its answer holds registry credentials. */
export const GATEKEEPER_PATH = '/service/gatekeeper';

/**
 * Serves /v2 from a Fastify onRequest hook rather than a Nest route: the body must stream to the
 * registry untouched, whatever its content type, and never pass through a body parser.
 */
@Module({
  imports: [TokenModule, ArtifactsModule, ScannersModule, CveAllowlistModule, ProxyCacheModule],
  providers: [
    V2Gateway,
    RegistryCallers,
    RegistryProxy,
    CatalogLister,
    BlobAccel,
    BlobGcGate,
    ManifestPush,
    PushQuota,
    VulnerabilityPullPolicy,
    SignaturePullPolicy,
    ImmutableTagPushPolicy,
  ],
})
export class RegistryGatewayModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly gateway: V2Gateway,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request, reply) => {
      const url = request.raw.url ?? '';
      const subrequest = url === GATEKEEPER_PATH;
      if (!subrequest && url !== '/v2' && !url.startsWith('/v2/') && !url.startsWith('/v2?')) return;
      reply.hijack();
      try {
        if (subrequest) await this.gateway.authorizeSubrequest(request.raw, reply.raw);
        else await this.gateway.handle(request.raw, reply.raw);
      } catch (error) {
        this.logger.error({ err: error, url, method: request.raw.method }, 'registry request failed');
        if (!reply.raw.headersSent)
          sendOciError(reply.raw, 503, 'UNAVAILABLE' as OciErrorCode, 'registry unavailable');
        else reply.raw.destroy();
      }
    });
  }
}
