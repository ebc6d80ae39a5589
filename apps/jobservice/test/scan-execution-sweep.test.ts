import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecution, dataSourceOptions, sweepExecutions, Trigger } from '@harbor-ts/db';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';

/**
 * Harbor keeps an artifact's newest vulnerability scan and its newest SBOM generation apart (two vendor
 * types there; one IMAGE_SCAN marked `enabled_capabilities.type: sbom` here): generating an SBOM must
 * not sweep the scan whose task the artifact's scan overview reads, nor the other way round.
 */
describe('EXECUTION_SWEEP of an artifact’s scans and SBOM generations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('scan_sweep_test');
    dataSource = new DataSource(dataSourceOptions(db.config, { runMigrations: true }));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  async function finished(scanType?: 'sbom') {
    const { executionId } = await createExecution(
      dataSource,
      {
        vendorType: 'IMAGE_SCAN',
        vendorId: 7,
        trigger: Trigger.Manual,
        ...(scanType ? { extraAttrs: { enabled_capabilities: { type: scanType } } } : {}),
      },
      [{ parameters: { artifact_id: 7, report_uuid: 'r', ...(scanType ? { scan_type: scanType } : {}) } }],
    );
    await dataSource.query(`UPDATE execution SET status = 'Success', end_time = now() WHERE id = $1`, [
      executionId,
    ]);
    return executionId;
  }

  it('keeps the newest of each, and sweeps the older ones', async () => {
    const oldScan = await finished();
    const oldSbom = await finished('sbom');
    const scan = await finished();
    const sbom = await finished('sbom');
    expect(await sweepExecutions(dataSource, 'IMAGE_SCAN', 1)).toBe(2);
    const left = (await dataSource.query(`SELECT id FROM execution ORDER BY id`)) as { id: number }[];
    expect(left.map((row) => row.id)).toEqual([scan, sbom]);
    expect([oldScan, oldSbom]).not.toContain(scan);
  });
});
