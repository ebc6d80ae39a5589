import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Trigger } from '@harbor-ts/db';
import { Security, type SecurityContext } from '../auth/index.js';
import { validate } from '../common/validation.js';
import { operatorOf } from '../events/operator.js';
import { ArtifactScope, type ArtifactPath } from '../artifacts/artifact-scope.js';
import { ArtifactSboms } from './artifact-sbom.service.js';
import { ArtifactScans } from './artifact-scans.service.js';

const scanTypeSchema = z.object({ scan_type: z.enum(['vulnerability', 'sbom']).optional() });

const resourceOf = (scanType: 'vulnerability' | 'sbom') => (scanType === 'sbom' ? 'sbom' : 'scan');

/** Harbor's scan API on one artifact: scan, stop, the scan log, the vulnerabilities addition. */
@Controller('api/v2.0/projects/:project_name/repositories/:repository_name/artifacts/:reference')
export class ArtifactScansController {
  constructor(
    private readonly scope: ArtifactScope,
    private readonly scans: ArtifactScans,
    private readonly sboms: ArtifactSboms,
  ) {}

  @Post('scan')
  @HttpCode(202)
  async scanArtifact(@Security() s: SecurityContext, @Param() path: ArtifactPath, @Body() body: unknown) {
    const { scan_type = 'vulnerability' } = validate(scanTypeSchema, body ?? {});
    // Harbor checks the `sbom` resource for SBOM generation, `scan` for a vulnerability scan.
    const artifact = await this.scope.artifact(s, path, resourceOf(scan_type), 'create');
    const scans = scan_type === 'sbom' ? this.sboms : this.scans;
    await scans.start(artifact, path.project_name, Trigger.Manual, operatorOf(s));
  }

  @Post('scan/stop')
  @HttpCode(202)
  async stopScanArtifact(@Security() s: SecurityContext, @Param() path: ArtifactPath, @Body() body: unknown) {
    const { scan_type = 'vulnerability' } = validate(scanTypeSchema, body ?? {});
    const artifact = await this.scope.artifact(s, path, resourceOf(scan_type), 'stop');
    await (scan_type === 'sbom' ? this.sboms : this.scans).stop(artifact);
  }

  @Get('scan/:report_id/log')
  @Header('content-type', 'text/plain; charset=utf-8')
  async getReportLog(
    @Security() s: SecurityContext,
    @Param() path: ArtifactPath,
    @Param('report_id') reportId: string,
  ) {
    const artifact = await this.scope.artifact(s, path, 'scan', 'read');
    // A report id names a vulnerability report or an SBOM report; Harbor serves both logs here.
    return (await this.sboms.log(artifact, reportId)) ?? this.scans.log(artifact, reportId);
  }

  @Get('additions/vulnerabilities')
  async getVulnerabilitiesAddition(@Security() s: SecurityContext, @Param() path: ArtifactPath) {
    const artifact = await this.scope.artifact(s, path, 'artifact-addition', 'read');
    return this.scans.vulnerabilities(artifact);
  }
}
