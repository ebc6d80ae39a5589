import { Controller, Get, Header } from '@nestjs/common';

@Controller('api/v2.0/ping')
export class PingController {
  /** Alive regardless of dependencies, and without authentication, as in Harbor. */
  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  getPing(): string {
    return 'Pong';
  }
}
