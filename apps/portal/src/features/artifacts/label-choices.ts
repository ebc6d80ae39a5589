import { queryOptions } from '@tanstack/react-query';
import { listLabels, type Label } from '../labels/api';

// Harbor lets an artifact carry global labels and its own project's labels.
const MAX_LABELS = 100;

export const attachableLabelsQuery = (projectId: number) =>
  queryOptions({
    queryKey: ['labels', 'attachable', projectId] as const,
    queryFn: async ({ signal }): Promise<Label[]> => {
      const [global, project] = await Promise.all([
        listLabels({ scope: 'g' }, { page: 1, pageSize: MAX_LABELS }, signal),
        listLabels({ scope: 'p', projectId }, { page: 1, pageSize: MAX_LABELS }, signal),
      ]);
      return [...project.items, ...global.items];
    },
  });
