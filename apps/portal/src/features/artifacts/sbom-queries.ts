import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ArtifactLocation } from './api';
import { artifactKeys } from './queries';
import { generateSbom, getSbom, stopSbom } from './sboms';

/** The SBOM document of an SBOM accessory (by the accessory's digest: a new SBOM is a new key). */
export const sbomQuery = (at: ArtifactLocation, sbomDigest: string) =>
  queryOptions({
    queryKey: [...artifactKeys.detail(at, sbomDigest), 'additions', 'sbom'] as const,
    queryFn: ({ signal }) => getSbom(at, sbomDigest, signal),
    staleTime: Infinity,
  });

/** Generate an artifact's SBOM or stop its generation; the list then shows the new status. */
export function useSbomActions(at: ArtifactLocation) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: artifactKeys.repository(at) });
  return {
    generate: useMutation({ mutationFn: (digest: string) => generateSbom(at, digest), onSuccess: refresh }),
    stop: useMutation({ mutationFn: (digest: string) => stopSbom(at, digest), onSuccess: refresh }),
  };
}
