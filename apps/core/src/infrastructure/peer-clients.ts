import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CoreConfig } from '@harbor-ts/config';
import { EndpointClient, SERVICE_CONFIG } from '@harbor-ts/runtime';

/** HTTP clients for the services core calls, each authenticated the way that service expects. */
@Injectable()
export class PeerClients implements OnApplicationShutdown {
  readonly registry: EndpointClient;
  readonly registryctl: EndpointClient;
  readonly jobservice: EndpointClient;

  constructor(@Inject(SERVICE_CONFIG) config: CoreConfig) {
    const { username, password } = config.registry.credentials;
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const secret = `Harbor-Secret ${config.secrets.coreSecret}`;
    this.registry = new EndpointClient(config.registry, { authorization: basic });
    this.registryctl = new EndpointClient(config.registryctl, { authorization: secret });
    this.jobservice = new EndpointClient(config.jobservice, { authorization: secret });
  }

  async onApplicationShutdown() {
    await Promise.all([this.registry.close(), this.registryctl.close(), this.jobservice.close()]);
  }
}
