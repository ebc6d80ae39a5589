/**
 * The registry provider types harbor-ts knows, with what Harbor's adapters declare for each: the
 * endpoint and credential patterns the portal's "New Endpoint" dialog follows (`/replication/adapterinfos`),
 * the filters and triggers a policy may use (`/registries/{id}/info`), and where the distribution API
 * (`/v2/`) of the provider lives. Harbor lists in `adapterinfos` only the types whose adapter declares a
 * pattern, so `harbor`, `docker-registry` and `gitlab` are absent from that map, as there.
 */
export interface EndpointPattern {
  endpoint_type: 'EndpointPatternTypeStandard' | 'EndpointPatternTypeFix' | 'EndpointPatternTypeList';
  endpoints?: { key: string; value: string }[];
}

export interface CredentialPattern {
  access_key_type: 'AccessKeyTypeStandard' | 'AccessKeyTypeFix';
  access_key_data: string;
  access_secret_type: 'AccessSecretTypePass' | 'AccessSecretTypeFile';
  access_secret_data: string;
}

export interface RegistryTypeSpec {
  pattern?: { endpoint_pattern?: EndpointPattern; credential_pattern?: CredentialPattern };
  /** The base URL of the provider's distribution API when it is not the registry's own URL. */
  distributionUrl?: string;
  /** Harbor 2.x offers label filters (its global labels) and chunked copy. */
  harborApi?: boolean;
}

/** Aliyun ACR's regions, each with its public, VPC, internal and Enterprise Edition endpoints. */
const ACR_REGIONS = [
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-hongkong',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-south-1',
  'ap-northeast-1',
  'us-west-1',
  'us-east-1',
  'eu-central-1',
  'eu-west-1',
  'me-east-1',
];

function acrEndpoints() {
  return ACR_REGIONS.flatMap((region) => [
    { key: region, value: `https://registry.${region}.aliyuncs.com` },
    { key: `${region}-vpc`, value: `https://registry-vpc.${region}.aliyuncs.com` },
    { key: `${region}-internal`, value: `https://registry-internal.${region}.aliyuncs.com` },
    { key: `${region}-ee-vpc`, value: `https://instanceName-registry-vpc.${region}.cr.aliyuncs.com` },
    { key: `${region}-ee`, value: `https://instanceName-registry.${region}.cr.aliyuncs.com` },
  ]);
}

export const REGISTRY_TYPES: Record<string, RegistryTypeSpec> = {
  'ali-acr': {
    pattern: { endpoint_pattern: { endpoint_type: 'EndpointPatternTypeList', endpoints: acrEndpoints() } },
  },
  'docker-hub': {
    pattern: {
      endpoint_pattern: {
        endpoint_type: 'EndpointPatternTypeFix',
        endpoints: [{ key: 'hub.docker.com', value: 'https://hub.docker.com' }],
      },
    },
    distributionUrl: 'https://registry-1.docker.io',
  },
  'docker-registry': {},
  'github-ghcr': {
    pattern: {
      endpoint_pattern: {
        endpoint_type: 'EndpointPatternTypeFix',
        endpoints: [{ key: 'ghcr.io', value: 'https://ghcr.io' }],
      },
    },
  },
  gitlab: {},
  harbor: { harborApi: true },
  quay: {
    pattern: {
      endpoint_pattern: { endpoint_type: 'EndpointPatternTypeStandard' },
      // Quay's secret is a JSON file: {"account_name", "docker_cli_password", "oauth2_token"}.
      credential_pattern: {
        access_key_type: 'AccessKeyTypeFix',
        access_key_data: 'json_file',
        access_secret_type: 'AccessSecretTypeFile',
        access_secret_data: '',
      },
    },
  },
};

/** Harbor's `/replication/adapters`: the type names, sorted. */
export function registryTypeNames(): string[] {
  return Object.keys(REGISTRY_TYPES).sort();
}

export function registryTypeSpec(type: string): RegistryTypeSpec | undefined {
  return Object.hasOwn(REGISTRY_TYPES, type) ? REGISTRY_TYPES[type] : undefined;
}

/** Harbor's `/replication/adapterinfos`: only the types with a declared pattern. */
export function registryProviderInfos(): Record<string, RegistryTypeSpec['pattern']> {
  const infos: Record<string, RegistryTypeSpec['pattern']> = {};
  for (const name of registryTypeNames()) {
    const pattern = REGISTRY_TYPES[name]?.pattern;
    if (pattern) infos[name] = pattern;
  }
  return infos;
}
