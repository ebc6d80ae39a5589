import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword, PASSWORD_VERSION } from '@harbor-ts/auth';
import type { CoreConfig } from '@harbor-ts/config';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';

const ADMIN_USER_ID = 1;
const PROJECT_ADMIN_ROLE = 1;

/**
 * On the very first start (migrations have already run): the `admin` user with harbor_admin_password,
 * and the public `library` project. Later starts change nothing, so editing harbor_admin_password
 * afterwards never resets a password an admin has changed.
 */
@Injectable()
export class FirstStartService implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    const { hash, salt } = await hashPassword(this.config.adminInitialPassword);
    await this.dataSource.transaction(async (manager) => {
      // Serialises concurrent first starts (two core replicas) without a unique-violation race.
      await manager.query('SELECT pg_advisory_xact_lock(7031)');
      const existing = await manager.query('SELECT 1 FROM harbor_user WHERE user_id = $1', [ADMIN_USER_ID]);
      if (existing.length > 0) return;
      await this.createAdmin(manager, hash, salt);
      await this.createLibrary(manager);
      this.logger.info('first start: created admin user and library project');
    });
  }

  private async createAdmin(manager: EntityManager, hash: string, salt: string) {
    await manager.query(
      `INSERT INTO harbor_user (user_id, username, email, password, salt, password_version, realname, comment, sysadmin_flag)
       VALUES ($1, 'admin', 'admin@example.com', $2, $3, $4, 'system admin', 'admin user', true)`,
      [ADMIN_USER_ID, hash, salt, PASSWORD_VERSION],
    );
    await manager.query(
      `SELECT setval('harbor_user_user_id_seq', GREATEST($1, (SELECT max(user_id) FROM harbor_user)))`,
      [ADMIN_USER_ID],
    );
  }

  private async createLibrary(manager: EntityManager) {
    const [project] = await manager.query(
      `INSERT INTO project (owner_id, name) VALUES ($1, 'library') RETURNING project_id`,
      [ADMIN_USER_ID],
    );
    const projectId = (project as { project_id: number }).project_id;
    await manager.query(
      `INSERT INTO project_metadata (project_id, name, value) VALUES ($1, 'public', 'true')`,
      [projectId],
    );
    await manager.query(
      `INSERT INTO project_member (project_id, entity_id, entity_type, role) VALUES ($1, $2, 'u', $3)`,
      [projectId, ADMIN_USER_ID, PROJECT_ADMIN_ROLE],
    );
    await manager.query(
      `INSERT INTO quota (reference, reference_id, hard) VALUES ('project', $1, '{"storage": -1}');
       `,
      [String(projectId)],
    );
    await manager.query(
      `INSERT INTO quota_usage (reference, reference_id, used) VALUES ('project', $1, '{"storage": 0}')`,
      [String(projectId)],
    );
  }
}
