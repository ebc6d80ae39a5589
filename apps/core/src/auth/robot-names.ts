import { Injectable } from '@nestjs/common';
import { ConfigurationService } from '../system/configuration.service.js';

/**
 * Harbor stores a robot's name without its prefix (`ci` for a system robot, `<project>+ci` for a project
 * robot) and adds the configured `robot_name_prefix` only where the name is shown or signed in with,
 * so `q=name=` matches the stored name and a changed prefix applies to every robot at once.
 */
@Injectable()
export class RobotNames {
  constructor(private readonly configuration: ConfigurationService) {}

  prefix(): Promise<string> {
    return this.configuration.get('robot_name_prefix');
  }

  /** The stored name behind a name signed in with; undefined when it does not carry the prefix. */
  async stored(signedInAs: string): Promise<string | undefined> {
    return robotNameBehind(signedInAs, await this.prefix());
  }
}

/** `stored` for a caller that read the prefix already (with other settings, in one query). */
export function robotNameBehind(signedInAs: string, prefix: string): string | undefined {
  return signedInAs.startsWith(prefix) ? signedInAs.slice(prefix.length) : undefined;
}

/** The name Harbor stores: `<name>` for a system robot, `<project>+<name>` for a project robot. */
export function storedRobotName(name: string, projectName?: string): string {
  return projectName === undefined ? name : `${projectName}+${name}`;
}
