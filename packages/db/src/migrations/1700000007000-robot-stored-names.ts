import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor stores a robot's name without `robot_name_prefix` (`ci`, `project+ci`) and adds the prefix
// only when it answers; rows written before harbor-ts did the same carry the default `robot$`.
export class RobotStoredNames1700000007000 implements MigrationInterface {
  name = 'RobotStoredNames1700000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE robot SET name = substr(name, 7) WHERE name LIKE 'robot$%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE robot SET name = 'robot$' || name WHERE name NOT LIKE 'robot$%'`);
  }
}
