import { access, constants } from 'node:fs/promises';
import { Controller, Get, Inject } from '@nestjs/common';
import type { RegistryctlConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';

@Controller('api/health')
export class HealthController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: RegistryctlConfig) {}

  /** Healthy when the storage root it cleans is there and writable. */
  @Get()
  async health() {
    await access(this.config.storage.rootDirectory, constants.R_OK | constants.W_OK);
    return { status: 'healthy' };
  }
}
