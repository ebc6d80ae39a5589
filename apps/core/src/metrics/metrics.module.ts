import { Module } from '@nestjs/common';
import { HealthService } from '../health/health.service.js';
import { SystemModule } from '../system/system.module.js';
import { CoreMetrics } from './core-metrics.js';
import { ExporterSnapshots } from './exporter-snapshot.js';

/** Prometheus metrics on harbor.yml's metric.port (see docs/metrics.md). */
@Module({
  imports: [SystemModule],
  // HealthService is stateless: the exporter's own instance reads the same checks as /health.
  providers: [CoreMetrics, ExporterSnapshots, HealthService],
  exports: [CoreMetrics],
})
export class MetricsModule {}
