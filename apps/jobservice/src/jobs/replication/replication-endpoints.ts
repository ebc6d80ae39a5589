import type { DataSource } from 'typeorm';
import type { SecretBox } from '@harbor-ts/outbound';
import { RegistryClient, type RegistryHttpOptions } from '@harbor-ts/registry-client';
import type { PathComponents } from './replication-filters.js';
import { withReplicationRobot } from './replication-robot.js';
import type { ReplicationStore, StoredReplicationPolicy, StoredRegistry } from './replication-store.js';

/** One end of a replication: this instance (`local`) or a registry row. */
export interface ReplicationSide {
  client: RegistryClient;
  local: boolean;
  /** `harbor-ts`, or the registry's type (`docker-registry`, `harbor`...). */
  type: string;
  /** Shown in logs: never a credential. */
  label: string;
  components: PathComponents;
}

/** Registry types whose repositories need a project (namespace) in front, or exactly one (Docker Hub). */
const COMPONENTS: Record<string, PathComponents> = {
  harbor: 'atLeastTwo',
  'docker-hub': 'onlyTwo',
};

export interface SideDeps {
  db: DataSource;
  store: ReplicationStore;
  secrets: SecretBox;
  /** This instance's core: its internal address (`http://core:8080` in compose), natively the external URL. */
  localUrl: string;
}

/**
 * Opens both ends of a policy, runs `use`, and closes them. The remote's secret is opened here from its
 * row and lives only in the client; this instance is reached with a robot made for the task.
 */
export async function withSides<T>(
  deps: SideDeps,
  policy: StoredReplicationPolicy,
  options: RegistryHttpOptions,
  use: (source: ReplicationSide, destination: ReplicationSide) => Promise<T>,
): Promise<T> {
  const open = async (local: { username: string; password: string } | undefined) => {
    const side = async (registryId: number): Promise<ReplicationSide> =>
      registryId > 0
        ? remoteSide(deps, await deps.store.registry(registryId), options)
        : localSide(deps, local!, options);
    const source = await side(policy.srcRegistryId);
    const destination = await side(policy.destRegistryId);
    try {
      return await use(source, destination);
    } finally {
      await Promise.all([source.client.close(), destination.client.close()]);
    }
  };
  if (policy.srcRegistryId > 0 && policy.destRegistryId > 0) return open(undefined);
  return withReplicationRobot(deps.db, open, (credentials) => signIn(deps, credentials, options));
}

/**
 * One sign-in with a new robot before its tasks start: core checks the password (scrypt) once and
 * remembers it, where the tasks of a run, starting together, would each have it checked at once.
 */
async function signIn(
  deps: SideDeps,
  credentials: { username: string; password: string },
  options: RegistryHttpOptions,
): Promise<void> {
  const { client } = localSide(deps, credentials, options);
  try {
    await client.ping();
  } finally {
    await client.close();
  }
}

function remoteSide(deps: SideDeps, registry: StoredRegistry, options: RegistryHttpOptions): ReplicationSide {
  const password = registry.sealedSecret ? deps.secrets.open(registry.sealedSecret) : '';
  const client = new RegistryClient(
    {
      url: registry.url,
      username: registry.accessKey || undefined,
      password,
      insecure: registry.insecure,
      caCertificate: registry.caCertificate || undefined,
    },
    options,
  );
  return {
    client,
    local: false,
    type: registry.type,
    label: `${registry.name} (${registry.url})`,
    components: COMPONENTS[registry.type] ?? 'any',
  };
}

function localSide(
  deps: SideDeps,
  credentials: { username: string; password: string },
  options: RegistryHttpOptions,
): ReplicationSide {
  return {
    client: new RegistryClient(
      {
        url: deps.localUrl,
        tokenServiceUrl: `${deps.localUrl.replace(/\/+$/, '')}/service/token`,
        ...credentials,
      },
      options,
    ),
    local: true,
    type: 'harbor-ts',
    label: 'this instance',
    components: 'atLeastTwo',
  };
}
