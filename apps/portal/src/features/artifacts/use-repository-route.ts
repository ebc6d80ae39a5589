import { useParams } from 'react-router';
import { parseRepositorySplat } from './route';

/** The repository (and artifact digest, on a detail page) named by the current URL. */
export function useRepositoryRoute(): { repository: string; digest?: string } {
  return parseRepositorySplat(useParams()['*'] ?? '');
}
