import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { PushQuota } from '../registry-gateway/push-quota.js';
import { CacheFiller } from './cache-filler.js';
import { LocalRegistry } from './local-registry.js';
import { NginxRelay } from './nginx-relay.js';
import { ProxyCache } from './proxy-cache.service.js';
import { ProxyProjects } from './proxy-projects.js';
import { UpstreamBlobs } from './upstream-blobs.js';

/** Proxy-cache projects: pull through to the upstream registry of a project with `registry_id`. */
@Module({
  imports: [ArtifactsModule],
  providers: [ProxyProjects, ProxyCache, LocalRegistry, UpstreamBlobs, CacheFiller, NginxRelay, PushQuota],
  exports: [ProxyProjects, ProxyCache],
})
export class ProxyCacheModule {}
