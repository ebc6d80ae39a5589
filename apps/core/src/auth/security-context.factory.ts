import { Injectable } from '@nestjs/common';
import { ANONYMOUS, type Principal } from './principal.js';
import { ProjectAccessResolver } from './project-access.resolver.js';
import { SecurityContext } from './security-context.js';

/** Builds a SecurityContext for any principal, inside a request or not (the token service uses this). */
@Injectable()
export class SecurityContextFactory {
  constructor(private readonly resolver: ProjectAccessResolver) {}

  forPrincipal(principal: Principal): SecurityContext {
    return new SecurityContext(principal, this.resolver);
  }

  anonymous(): SecurityContext {
    return this.forPrincipal(ANONYMOUS);
  }
}
