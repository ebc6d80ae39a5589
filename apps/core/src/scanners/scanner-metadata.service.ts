import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { HarborError } from '@harbor-ts/errors';
import { LOGGER } from '@harbor-ts/runtime';
import {
  ScannerClient,
  ScannerError,
  type ScannerAdapterMetadata,
  type ScannerEndpoint,
} from '@harbor-ts/scanner-client';
import { ScannerRegistrationsService, type ScannerRegistrationRow } from './scanner-registrations.service.js';

/** Harbor caches a registration's metadata for 30 s: listing scanners does not call each one each time. */
const CACHE_MS = 30_000;
/** A list shows a slow scanner as unhealthy rather than waiting on it. */
const PING_TIMEOUT_MS = 5_000;

type Outcome = { metadata: ScannerAdapterMetadata } | { error: string };

/** Asks scanner adapters for their metadata: to test settings, and to show health and capabilities. */
@Injectable()
export class ScannerMetadataService {
  private readonly cache = new Map<string, { at: number; outcome: Promise<Outcome> }>();

  constructor(
    private readonly registrations: ScannerRegistrationsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Tests settings before they are saved: a scanner that does not answer properly is a 400. */
  async ping(endpoint: ScannerEndpoint): Promise<ScannerAdapterMetadata> {
    const outcome = await this.fetch(endpoint);
    if ('error' in outcome) throw HarborError.badRequest(`failed to ping the scanner: ${outcome.error}`);
    return outcome.metadata;
  }

  /** A saved registration's metadata, cached; keyed by its update time so an edit is seen at once. */
  of(row: ScannerRegistrationRow): Promise<Outcome> {
    const key = `${row.uuid}@${new Date(row.update_time).getTime()}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < CACHE_MS) return cached.outcome;
    for (const [k, v] of this.cache) if (now - v.at >= CACHE_MS) this.cache.delete(k);
    const outcome = this.fetch(this.registrations.endpointOf(row));
    this.cache.set(key, { at: now, outcome });
    return outcome;
  }

  private async fetch(endpoint: ScannerEndpoint): Promise<Outcome> {
    const client = new ScannerClient(endpoint, { timeoutMs: PING_TIMEOUT_MS });
    try {
      return { metadata: await client.getMetadata() };
    } catch (error) {
      if (!(error instanceof ScannerError)) throw error;
      this.logger.warn({ scanner: endpoint.url, err: error.message }, 'scanner metadata not available');
      return { error: error.message };
    } finally {
      await client.close();
    }
  }
}
