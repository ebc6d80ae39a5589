import { describe, expect, it } from 'vitest';
import { ROBOT_PERMISSIONS, robotMayHold } from './robot-permissions.js';

describe("robots' permission lists", () => {
  it("hold Harbor's system and project pairs, each once", () => {
    expect(ROBOT_PERMISSIONS.system).toHaveLength(70);
    expect(ROBOT_PERMISSIONS.project).toHaveLength(70);
    for (const list of Object.values(ROBOT_PERMISSIONS)) {
      const keys = list.map(({ resource, action }) => `${resource}:${action}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it.each([
    ['system', 'registry', 'create', true],
    ['system', 'replication', 'create', true],
    ['system', 'replication', 'update', false],
    ['system', 'repository', 'pull', false],
    ['system', 'user-group', 'delete', true],
    ['project', 'repository', 'pull', true],
    ['project', 'repository', 'create', false],
    ['project', 'tag-retention', 'operate', false],
    ['project', 'registry', 'read', false],
    ['project', 'member', 'update', true],
  ] as const)('%s %s:%s → %s', (scope, resource, action, allowed) => {
    expect(robotMayHold(scope, resource, action)).toBe(allowed);
  });
});
