import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { SERVICE_CONFIG } from './tokens.js';

interface WithInternalSecrets {
  secrets: { coreSecret: string; jobserviceSecret: string };
}

/** Internal APIs (jobservice, registryctl) accept only core and jobservice: `Authorization: Harbor-Secret <secret>`. */
@Injectable()
export class HarborSecretGuard implements CanActivate {
  private readonly accepted: Buffer[];

  constructor(@Inject(SERVICE_CONFIG) config: WithInternalSecrets) {
    this.accepted = [config.secrets.coreSecret, config.secrets.jobserviceSecret].map((s) => Buffer.from(s));
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Harbor-Secret ') ? header.slice('Harbor-Secret '.length) : '');
    const ok = this.accepted.some((secret) => secret.length === presented.length && timingSafeEqual(secret, presented));
    if (!ok) throw HarborError.unauthorized('a valid Harbor-Secret is required');
    return true;
  }
}
