import { Controller, Get, Inject } from '@nestjs/common';
import type { CoreConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { ConfigurationService } from './configuration.service.js';

@Controller('api/v2.0/systeminfo')
export class SystemInfoController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    private readonly configuration: ConfigurationService,
  ) {}

  /** Harbor's GeneralInfo. Only non-sensitive, instance-wide facts. */
  @Get()
  async getSystemInfo() {
    const settings = await this.configuration.getAll();
    const external = new URL(this.config.externalUrl);
    return {
      harbor_version: this.config.version,
      auth_mode: settings.auth_mode,
      // The portal's "Sign in via <provider>" button; Harbor sends it only in OIDC mode.
      ...(settings.auth_mode === 'oidc_auth' ? { oidc_provider_name: settings.oidc_name } : {}),
      primary_auth_mode: false,
      self_registration: settings.self_registration,
      external_url: this.config.externalUrl,
      registry_url: external.host,
      project_creation_restriction: settings.project_creation_restriction,
      has_ca_root: false,
      read_only: settings.read_only,
      registry_storage_provider_name: 'filesystem',
      notification_enable: settings.notification_enable,
      banner_message: settings.banner_message,
      current_time: new Date().toISOString(),
    };
  }
}
