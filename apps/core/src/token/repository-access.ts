import { Injectable } from '@nestjs/common';
import type { SecurityContext } from '../auth/index.js';
import type { ResourceAccess } from './registry-token.js';

const REPOSITORY_ACTIONS = ['pull', 'push', 'delete'] as const;
const WRITE_ACTIONS = new Set(['push', 'delete', '*']);

/** The project of a repository is its first path segment; a name without one belongs to none. */
export function projectOfRepository(repository: string): string | undefined {
  const slash = repository.indexOf('/');
  return slash > 0 ? repository.slice(0, slash) : undefined;
}

/**
 * Decides what a caller gets for each requested scope: requested ∩ allowed, never an error. Asking
 * about a project that does not exist yields nothing, exactly like asking without permission.
 */
@Injectable()
export class RepositoryAccess {
  /** `readOnly`: the system's `read_only` setting, which takes every write action away. */
  async grant(
    security: SecurityContext,
    requested: ResourceAccess[],
    readOnly: boolean,
  ): Promise<ResourceAccess[]> {
    const granted: ResourceAccess[] = [];
    for (const scope of requested) {
      const actions = await this.allowed(security, scope);
      granted.push({
        ...scope,
        actions: scope.actions.filter((a) => actions.has(a) && !(readOnly && WRITE_ACTIONS.has(a))),
      });
    }
    return granted;
  }

  /** Every action the caller has on one resource. */
  async allowed(
    security: SecurityContext,
    scope: Pick<ResourceAccess, 'type' | 'name'>,
  ): Promise<Set<string>> {
    if (scope.type === 'registry' && scope.name === 'catalog') {
      // Listing is filtered per repository later; any signed-in caller may ask.
      return new Set(security.isAuthenticated() ? ['*'] : []);
    }
    const project = scope.type === 'repository' ? projectOfRepository(scope.name) : undefined;
    if (!project || !(await security.project(project))) return new Set();
    const actions = new Set<string>();
    for (const action of REPOSITORY_ACTIONS) {
      if (await security.can(project, 'repository', action, scope.name)) actions.add(action);
    }
    if (actions.size === REPOSITORY_ACTIONS.length) actions.add('*');
    return actions;
  }
}
