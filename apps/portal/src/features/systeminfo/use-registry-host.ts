import { useQuery } from '@tanstack/react-query';
import { systemInfoQuery } from './queries';

/** The host docker commands should name: Harbor's registry_url, else the host this page came from. */
export function useRegistryHost(): string {
  const info = useQuery(systemInfoQuery());
  return info.data?.registry_url || window.location.host;
}
