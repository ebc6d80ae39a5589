/** A `registry` row; `access_secret` is sealed (SecretBox) and opened only to call the registry. */
export interface RegistryRow {
  id: number;
  name: string;
  url: string;
  credential_type: string;
  access_key: string;
  access_secret: string;
  type: string;
  insecure: boolean;
  ca_certificate: string;
  description: string;
  health: string;
  creation_time: Date;
  update_time: Date;
}

/** Harbor's masked secret: a client learns only that one is stored. */
export const MASKED_SECRET = '*****';

/**
 * Harbor's `Registry` body. The credential shows its type and access key; a stored secret shows as
 * `*****`, never its value. Without an access key Harbor shows an empty credential.
 */
export function registryView(row: RegistryRow) {
  const credential = row.access_key
    ? {
        type: row.credential_type || 'basic',
        access_key: row.access_key,
        ...(row.access_secret ? { access_secret: MASKED_SECRET } : {}),
      }
    : {};
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    type: row.type,
    insecure: row.insecure,
    ca_certificate: row.ca_certificate,
    description: row.description,
    status: row.health,
    credential,
    creation_time: row.creation_time.toISOString(),
    update_time: row.update_time.toISOString(),
  };
}

export type RegistryView = ReturnType<typeof registryView>;

/** Harbor's id 0: this instance itself, the local side of every replication policy. */
export function localRegistryView(url: string): RegistryView {
  const epoch = new Date(0).toISOString();
  return {
    id: 0,
    name: 'Local',
    url,
    type: 'harbor',
    insecure: false,
    ca_certificate: '',
    description: '',
    status: 'healthy',
    credential: { type: 'secret', access_key: '', access_secret: MASKED_SECRET },
    creation_time: epoch,
    update_time: epoch,
  };
}
