import { rowsOf, type Queryable } from './task-status.js';

/**
 * Keeps the newest `retain` finished executions of each (vendor type, vendor id) and deletes older
 * finished ones with their tasks and logs (Harbor's EXECUTION_SWEEP). An artifact's SBOM generations
 * and vulnerability scans (both IMAGE_SCAN, told apart by `enabled_capabilities.type`) are kept apart,
 * as Harbor keeps them under two vendor types. Unfinished executions are never touched. Returns how
 * many executions were deleted.
 */
export async function sweepExecutions(db: Queryable, vendorType: string, retain: number): Promise<number> {
  const rows = rowsOf<{ id: number }>(
    await db.query(
      `DELETE FROM execution WHERE id IN (
         SELECT id FROM (
           SELECT id, row_number() OVER (
                    PARTITION BY vendor_id, extra_attrs->'enabled_capabilities'->>'type' ORDER BY id DESC) AS n
             FROM execution WHERE vendor_type = $1 AND status IN ('Success', 'Error', 'Stopped')) ranked
          WHERE n > $2)
       RETURNING id`,
      [vendorType, retain],
    ),
  );
  return rows.length;
}
