import { distributionLogin, registryGet, type RegistryTarget } from './registry-health.js';
import { registryTypeSpec } from './registry-types.js';

export interface FilterStyle {
  type: string;
  style: 'input' | 'radio' | 'list';
  values?: string[];
}

/** Harbor's global labels of a remote Harbor, offered as a label filter; none when it does not answer. */
async function remoteGlobalLabels(target: RegistryTarget): Promise<string[]> {
  const login = distributionLogin(target);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (login)
    headers.authorization = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
  try {
    const response = await registryGet(
      target,
      `${target.url}/api/v2.0/labels?scope=g&page_size=100`,
      headers,
    );
    if (response.status !== 200) {
      await response.body?.cancel();
      return [];
    }
    const labels = (await response.json()) as { name?: unknown }[];
    return labels.flatMap((label) => (typeof label.name === 'string' ? [label.name] : []));
  } catch {
    return [];
  }
}

/**
 * Harbor's `RegistryInfo` for `/registries/{id}/info`: name and tag filters everywhere, label filters
 * and chunked copy for Harbor, the resource-type radio Harbor appends (images only), and the triggers
 * a remote supports (event-based is the local registry's alone).
 */
export async function registryInfo(target: RegistryTarget) {
  const harbor = registryTypeSpec(target.type)?.harborApi === true;
  const filters: FilterStyle[] = [
    { type: 'name', style: 'input' },
    { type: 'tag', style: 'input' },
  ];
  if (harbor) filters.push({ type: 'label', style: 'list', values: await remoteGlobalLabels(target) });
  filters.push({ type: 'resource', style: 'radio', values: ['image'] });
  return {
    type: target.type,
    supported_resource_filters: filters,
    supported_triggers: ['manual', 'scheduled'],
    ...(harbor ? { supported_copy_by_chunk: true } : {}),
  };
}
