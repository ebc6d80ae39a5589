import { Controller, Get } from '@nestjs/common';

/** The probes Harbor's Trivy adapter answers, which core's health check calls. */
@Controller('probe')
export class ProbeController {
  @Get('healthy')
  healthy() {
    return {};
  }

  @Get('ready')
  ready() {
    return {};
  }
}
