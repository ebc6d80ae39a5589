import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { validate } from '../common/validation.js';
import { OidcProviderClient } from './oidc-provider.client.js';

const pingSchema = z.object({ url: z.string().trim().min(1), verify_cert: z.boolean().default(true) });

/** Harbor's pingOIDC: 200 when the endpoint serves a valid discovery document, 400 with the reason otherwise. */
@Controller('api/v2.0/system/oidc')
export class OidcPingController {
  constructor(private readonly provider: OidcProviderClient) {}

  @Post('ping')
  @HttpCode(200)
  async pingOIDC(@Security() s: SecurityContext, @Body() body: unknown) {
    await s.requireSystem('configuration', 'update');
    const { url, verify_cert: verifyCert } = validate(pingSchema, body);
    try {
      await this.provider.ping(url, verifyCert);
    } catch (error) {
      if (error instanceof HarborError) throw error;
      throw HarborError.badRequest(
        `failed to verify the OIDC endpoint: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
