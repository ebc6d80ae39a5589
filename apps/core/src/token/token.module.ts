import { Module } from '@nestjs/common';
import { RegistryTokens } from './registry-token.js';
import { RepositoryAccess } from './repository-access.js';
import { TokenController } from './token.controller.js';
import { TokenKeys } from './token-keys.js';

/** `/service/token` and the signing keys; the gatekeeper verifies with the same RegistryTokens. */
@Module({
  controllers: [TokenController],
  providers: [TokenKeys, RegistryTokens, RepositoryAccess],
  exports: [RegistryTokens, RepositoryAccess],
})
export class TokenModule {}
