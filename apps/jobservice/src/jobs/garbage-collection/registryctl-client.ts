import type { JobserviceConfig } from '@harbor-ts/config';
import { EndpointClient } from '@harbor-ts/runtime/http';

export interface BlobDeleteResult {
  digest: string;
  status: 'deleted' | 'not_found' | 'invalid' | 'error';
  message?: string;
}

/** A batch of a thousand deletes is a few seconds of work; a registryctl that hangs longer fails the run. */
const BATCH_TIMEOUT_MS = 60_000;

/** Thrown for any answer registryctl should not give: GC stops on it (fail closed). */
export class RegistryctlError extends Error {}

/** GC's calls to registryctl, the only process that deletes from storage. */
export class RegistryctlClient {
  private connection: EndpointClient | undefined;

  constructor(
    private readonly config: Pick<JobserviceConfig, 'registryctl'> & {
      secrets: Pick<JobserviceConfig['secrets'], 'jobserviceSecret'>;
    },
  ) {}

  /** Made on the first GC, not at start: its HTTP client is memory an idle jobservice need not hold. */
  private get client(): EndpointClient {
    this.connection ??= new EndpointClient(this.config.registryctl, {
      authorization: `Harbor-Secret ${this.config.secrets.jobserviceSecret}`,
    });
    return this.connection;
  }

  async health(): Promise<void> {
    const response = await this.client.request('/api/health', { method: 'GET' });
    await response.body.dump();
    if (response.statusCode !== 200)
      throw new RegistryctlError(`registryctl is unhealthy (${response.statusCode})`);
  }

  /** Removes a manifest revision and its tag index entries; already gone counts as done. */
  async deleteManifest(repository: string, digest: string): Promise<void> {
    const response = await this.client.request(`/api/registry/${repository}/manifests/${digest}`, {
      method: 'DELETE',
    });
    const body = await response.body.text();
    if (response.statusCode !== 200 && response.statusCode !== 404) {
      throw new RegistryctlError(
        `registryctl refused to delete ${repository}@${digest}: ${response.statusCode} ${body}`,
      );
    }
  }

  /** One request for a batch of blobs; the answer says, per digest, whether it is gone. */
  async deleteBlobs(digests: string[]): Promise<BlobDeleteResult[]> {
    const response = await this.client.request('/api/registry/blobs/delete', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ digests }),
      timeoutMs: BATCH_TIMEOUT_MS,
    });
    if (response.statusCode !== 200) {
      throw new RegistryctlError(
        `registryctl refused a blob batch: ${response.statusCode} ${await response.body.text()}`,
      );
    }
    const { results } = (await response.body.json()) as { results?: BlobDeleteResult[] };
    if (!Array.isArray(results) || results.length !== digests.length) {
      throw new RegistryctlError('registryctl answered a blob batch with a malformed body');
    }
    return results;
  }

  async close(): Promise<void> {
    await this.connection?.close();
  }
}
