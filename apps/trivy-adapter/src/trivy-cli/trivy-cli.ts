import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import type { PullTarget } from '../registry/image-puller.js';
import { findExecutable } from './find-executable.js';
import { runCommand } from './run-command.js';
import { parseTrivyReport, worstSeverity } from './trivy-report.js';

/** Harbor's Trivy adapter asks for every severity and both OS and language packages. */
const SEVERITIES = 'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL';
const VULN_TYPES = 'os,library';
const VERSION_TIMEOUT_MS = 30_000;
/** How much of trivy's standard error a failed scan reports. */
const REASON_CHARS = 4000;

export interface TrivyEngine {
  path: string;
  version: string;
}

/**
 * Engine 1: the `trivy` CLI, when it is installed, run as Harbor's Trivy adapter runs it. Found once at
 * start (the configured path, else `trivy` on PATH) and asked its version; without it the built-in
 * engine scans.
 */
export class TrivyCli {
  private found: TrivyEngine | undefined;

  constructor(
    private readonly config: TrivyAdapterConfig,
    private readonly logger: Logger,
  ) {}

  /** Looks for the CLI once, before the adapter listens. */
  async detect(): Promise<void> {
    const path = findExecutable(this.config.trivy?.path ?? 'trivy');
    if (!path) return;
    try {
      this.found = { path, version: await this.versionOf(path) };
      this.logger.info({ path, version: this.found.version }, 'scanning with the trivy CLI');
    } catch (error) {
      this.logger.warn({ path, err: error }, 'trivy does not answer its version; the built-in engine scans');
    }
  }

  get engine(): TrivyEngine | undefined {
    return this.found;
  }

  /** Who scans, as metadata and reports name Harbor's Trivy adapter. */
  scannerIdentity(engine: TrivyEngine) {
    return { name: 'Trivy', vendor: 'Aqua Security', version: engine.version };
  }

  async scan(engine: TrivyEngine, target: PullTarget & { mimeType: string }, signal: AbortSignal) {
    const started = Date.now();
    const result = await runCommand(engine.path, this.scanArguments(target), {
      env: { ...process.env, ...this.scanEnvironment(target) },
      signal,
    }).catch((error: unknown) => {
      throw signal.aborted ? error : new Error(`trivy could not be run: ${String(error)}`);
    });
    if (result.code !== 0)
      throw new Error(
        `trivy exited with code ${result.code}: ${result.stderr.trim().slice(-REASON_CHARS) || '(no output)'}`,
      );
    const vulnerabilities = parseTrivyReport(result.stdout);
    this.logger.info(
      {
        repository: target.repository,
        digest: target.digest,
        found: vulnerabilities.length,
        ms: Date.now() - started,
      },
      'scanned with trivy',
    );
    return {
      generated_at: new Date().toISOString(),
      artifact: { repository: target.repository, digest: target.digest, mime_type: target.mimeType },
      scanner: this.scannerIdentity(engine),
      severity: worstSeverity(vulnerabilities),
      vulnerabilities,
    };
  }

  /** The command line: never a credential (those go in the environment). */
  scanArguments(target: PullTarget): string[] {
    const trivy = this.config.trivy;
    const registry = new URL(target.registryUrl);
    const args = [
      'image',
      '--no-progress',
      '--quiet',
      '--severity',
      SEVERITIES,
      '--vuln-type',
      VULN_TYPES,
      '--format',
      'json',
      '--cache-dir',
      this.cacheDir(),
      '--timeout',
      `${Math.max(1, Math.round(this.config.scan.timeoutMs / 1000))}s`,
      '--scanners',
      trivy?.scanners ?? 'vuln',
    ];
    if (this.config.scan.ignoreUnfixed) args.push('--ignore-unfixed');
    if (trivy?.skipDbUpdate) args.push('--skip-db-update');
    if (trivy?.skipJavaDbUpdate) args.push('--skip-java-db-update');
    if (trivy?.offlineScan) args.push('--offline-scan');
    if (this.config.scan.insecure || registry.protocol === 'http:') args.push('--insecure');
    args.push(`${registry.host}/${target.repository}@${target.digest}`);
    return args;
  }

  /** The scan robot's credentials and the GitHub token, as Harbor's adapter passes them. */
  scanEnvironment(target: PullTarget): Record<string, string> {
    const env: Record<string, string> = {};
    const [scheme, value = ''] = (target.authorization ?? '').split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      env.TRIVY_USERNAME = colon < 0 ? decoded : decoded.slice(0, colon);
      env.TRIVY_PASSWORD = colon < 0 ? '' : decoded.slice(colon + 1);
    } else if (scheme?.toLowerCase() === 'bearer') env.TRIVY_REGISTRY_TOKEN = value;
    if (this.config.trivy?.githubToken) env.GITHUB_TOKEN = this.config.trivy.githubToken;
    return env;
  }

  /** Harbor's layout: the cache holds `db/trivy.db`, where the offline guides copy it. */
  private cacheDir(): string {
    return join(this.config.dataDir, 'trivy');
  }

  private async versionOf(path: string): Promise<string> {
    const result = await runCommand(path, ['--cache-dir', this.cacheDir(), 'version', '--format', 'json'], {
      env: process.env,
      signal: AbortSignal.timeout(VERSION_TIMEOUT_MS),
    });
    if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr.trim()}`);
    const version = (JSON.parse(result.stdout) as { Version?: unknown }).Version;
    if (typeof version !== 'string' || !version) throw new Error('no Version in its answer');
    return version;
  }
}
