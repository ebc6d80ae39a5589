import { Controller, Get } from '@nestjs/common';
import { Security, type SecurityContext } from '../auth/index.js';
import { registryProviderInfos, registryTypeNames } from './registry-types.js';

/** `/replication/adapters` and `/replication/adapterinfos`: the registry types a registry may have. */
@Controller('api/v2.0/replication')
export class ReplicationAdaptersController {
  @Get('adapters')
  async listRegistryProviderTypes(@Security() s: SecurityContext) {
    await s.requireSystem('replication-adapter', 'list');
    return registryTypeNames();
  }

  @Get('adapterinfos')
  async listRegistryProviderInfos(@Security() s: SecurityContext) {
    await s.requireSystem('replication-adapter', 'list');
    return registryProviderInfos();
  }
}
