import { Controller, Get, Headers, Query } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import {
  AuthenticationService,
  principalName,
  SecurityContextFactory,
  type Principal,
} from '../auth/index.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { parseScope, RegistryTokens, type ResourceAccess } from './registry-token.js';
import { RepositoryAccess } from './repository-access.js';
import { parseBasicAuthorization } from './basic-authorization.js';

export interface TokenResponse {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
}

/** Docker's token endpoint: who the caller is, then a signed token with what they may do. */
@Controller('service/token')
export class TokenController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly contexts: SecurityContextFactory,
    private readonly access: RepositoryAccess,
    private readonly tokens: RegistryTokens,
    private readonly configuration: ConfigurationService,
  ) {}

  @Get()
  async issue(
    @Headers('authorization') authorization: string | undefined,
    @Query('scope') scope: string | string[] | undefined,
  ): Promise<TokenResponse> {
    // The token's settings are read while the caller is authenticated (one query, not a wait of its own).
    const [principal, settings] = await Promise.all([
      this.authenticate(authorization),
      this.configuration.getMany(['read_only', 'token_expiration']),
    ]);
    const requested = [scope ?? []]
      .flat()
      .flatMap((s) => s.split(' '))
      .map(parseScope)
      .filter((s): s is ResourceAccess => s !== undefined);
    const security = this.contexts.forPrincipal(principal);
    const access = await this.access.grant(security, requested, settings.read_only);
    const expiresIn = settings.token_expiration * 60;
    const subject = principal.kind === 'anonymous' ? '' : principalName(principal);
    const { token, issuedAt } = await this.tokens.sign(subject, access, expiresIn);
    return { token, access_token: token, expires_in: expiresIn, issued_at: issuedAt.toISOString() };
  }

  /** Basic credentials when sent (wrong ones are an error, not a silent downgrade), else anonymous. */
  private async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) return { kind: 'anonymous' };
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) throw HarborError.unauthorized('unsupported authorization');
    const principal = await this.authentication.authenticateBasic(credentials.username, credentials.password);
    if (!principal) throw HarborError.unauthorized('invalid credentials');
    return principal;
  }
}
