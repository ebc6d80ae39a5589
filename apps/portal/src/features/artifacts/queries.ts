import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { projectKeys } from '../projects/queries';
import { repositoryKeys } from '../repositories/queries';
import {
  addLabel,
  copyArtifact,
  createTag,
  deleteArtifact,
  deleteTag,
  getArtifact,
  getChartFile,
  getBuildHistory,
  listArtifacts,
  removeLabel,
  type ArtifactListParams,
  type ArtifactLocation,
  type ChartFile,
} from './api';
import { getVulnerabilities, scanArtifact, stopScan } from './scans';

export const artifactKeys = {
  repository: (at: ArtifactLocation) =>
    [...repositoryKeys.project(at.projectName), 'artifacts', at.repository] as const,
  list: (at: ArtifactLocation, params: ArtifactListParams) =>
    [...artifactKeys.repository(at), 'list', params] as const,
  detail: (at: ArtifactLocation, digest: string) =>
    [...artifactKeys.repository(at), 'detail', digest] as const,
  vulnerabilities: (at: ArtifactLocation, digest: string) =>
    [...artifactKeys.detail(at, digest), 'vulnerabilities'] as const,
  buildHistory: (at: ArtifactLocation, digest: string) =>
    [...artifactKeys.detail(at, digest), 'build_history'] as const,
  chartFile: (at: ArtifactLocation, digest: string, file: ChartFile) =>
    [...artifactKeys.detail(at, digest), 'additions', file] as const,
};

export const artifactListQuery = (at: ArtifactLocation, params: ArtifactListParams) =>
  queryOptions({
    queryKey: artifactKeys.list(at, params),
    queryFn: ({ signal }) => listArtifacts(at, params, signal),
    placeholderData: keepPreviousData,
  });

export const artifactQuery = (at: ArtifactLocation, digest: string) =>
  queryOptions({
    queryKey: artifactKeys.detail(at, digest),
    queryFn: ({ signal }) => getArtifact(at, digest, signal),
  });

export const buildHistoryQuery = (at: ArtifactLocation, digest: string) =>
  queryOptions({
    queryKey: artifactKeys.buildHistory(at, digest),
    queryFn: ({ signal }) => getBuildHistory(at, digest, signal),
    staleTime: Infinity, // an artifact's history never changes
  });

export const chartFileQuery = (at: ArtifactLocation, digest: string, file: ChartFile) =>
  queryOptions({
    queryKey: artifactKeys.chartFile(at, digest, file),
    queryFn: ({ signal }) => getChartFile(at, digest, file, signal),
    staleTime: Infinity, // an artifact's content never changes
  });

/** Tag and label changes of one artifact; each refreshes the repository's artifact list and detail. */
export function useArtifactChanges(at: ArtifactLocation, digest: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: artifactKeys.repository(at) });
  return {
    addTag: useMutation({ mutationFn: (name: string) => createTag(at, digest, name), onSuccess: refresh }),
    removeTag: useMutation({ mutationFn: (name: string) => deleteTag(at, digest, name), onSuccess: refresh }),
    addLabel: useMutation({
      mutationFn: (labelId: number) => addLabel(at, digest, labelId),
      onSuccess: refresh,
    }),
    removeLabel: useMutation({
      mutationFn: (labelId: number) => removeLabel(at, digest, labelId),
      onSuccess: refresh,
    }),
  };
}

export function useDeleteArtifact(at: ArtifactLocation) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (digest: string) => deleteArtifact(at, digest),
    onSuccess: async () => {
      // Artifact counts of the repository list and the project's storage change with it.
      await queryClient.invalidateQueries({ queryKey: repositoryKeys.project(at.projectName) });
      await queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}

/**
 * Copies `from` ("project/repository@digest") into `to`, then tags the copy when `tag` is given. A failed
 * tag does not undo the copy: it is returned as `tagError` so the dialog can say what happened.
 */
export function useCopyArtifact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      to,
      from,
      digest,
      tag,
    }: {
      to: ArtifactLocation;
      from: string;
      digest: string;
      tag?: string;
    }) => {
      await copyArtifact(to, from);
      if (!tag) return { tagError: null };
      try {
        await createTag(to, digest, tag);
        return { tagError: null };
      } catch (error) {
        return { tagError: error as unknown };
      }
    },
    onSettled: async (_, __, { to }) => {
      await queryClient.invalidateQueries({ queryKey: repositoryKeys.project(to.projectName) });
      await queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}

export const vulnerabilitiesQuery = (at: ArtifactLocation, digest: string) =>
  queryOptions({
    queryKey: artifactKeys.vulnerabilities(at, digest),
    queryFn: ({ signal }) => getVulnerabilities(at, digest, signal),
  });

/** Scan or stop an artifact's scan; the list then shows its new status. */
export function useScanActions(at: ArtifactLocation) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: artifactKeys.repository(at) });
  return {
    scan: useMutation({ mutationFn: (digest: string) => scanArtifact(at, digest), onSuccess: refresh }),
    stop: useMutation({ mutationFn: (digest: string) => stopScan(at, digest), onSuccess: refresh }),
  };
}
