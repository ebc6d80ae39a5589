import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SecurityContext } from './security-context.js';

/** The caller's SecurityContext, resolved by AuthGuard: `handler(@Security() security: SecurityContext)`. */
export const Security = createParamDecorator((_data: unknown, context: ExecutionContext): SecurityContext => {
  const security = context.switchToHttp().getRequest<FastifyRequest>().securityContext;
  // A handler asking for it outside /api or /c is a wiring mistake, not a caller's.
  if (!security) throw new Error('no security context: route is not under a guarded prefix');
  return security;
});
