import { Global, Module } from '@nestjs/common';
import { QuotaService } from './quota.service.js';
import { QuotasController } from './quotas.controller.js';

/** Global so the registry gateway can inject QuotaService to check and reserve storage on push. */
@Global()
@Module({ controllers: [QuotasController], providers: [QuotaService], exports: [QuotaService] })
export class QuotasModule {}
