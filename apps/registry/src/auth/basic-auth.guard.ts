import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OciErrorCode } from '@harbor-ts/errors';
import type { RegistryConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { OciError } from '../http/oci-error.js';
import { Htpasswd } from './htpasswd.js';

/** The registry is internal: only the credentials prepare generated for core get in. */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  private readonly htpasswd: Htpasswd;

  constructor(@Inject(SERVICE_CONFIG) config: RegistryConfig) {
    this.htpasswd = new Htpasswd(config.auth.htpasswdFile);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (await this.htpasswd.check(request.headers.authorization)) return true;
    throw new OciError(OciErrorCode.UNAUTHORIZED, 'authentication required', {
      headers: { 'www-authenticate': 'Basic realm="harbor-registry"' },
    });
  }
}
