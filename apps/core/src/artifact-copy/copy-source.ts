import { HarborError } from '@harbor-ts/errors';
import { isValidRepositoryName, isValidTag, tryParseDigest } from '@harbor-ts/oci';

/** The artifact a copy reads: `project/repository:tag` or `project/repository@digest`. */
export interface CopySource {
  project: string;
  /** The repository name inside the project (`a/b` of `p/a/b`). */
  repository: string;
  /** A tag or a digest, as given. */
  reference: string;
}

/**
 * Parses CopyArtifact's `from` with the distribution grammar; anything else is Harbor's 400
 * "invalid input". With both a tag and a digest (`repo:tag@digest`) the digest wins, as in Harbor.
 */
export function parseCopySource(from: unknown): CopySource {
  const invalid = () =>
    HarborError.badRequest(`invalid input: ${typeof from === 'string' ? from.slice(0, 512) : ''}`);
  if (typeof from !== 'string' || from.length === 0) throw invalid();
  const at = from.indexOf('@');
  const digest = at < 0 ? undefined : from.slice(at + 1);
  let name = at < 0 ? from : from.slice(0, at);
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  if (tag !== undefined) name = name.slice(0, colon);
  if (tag !== undefined && !isValidTag(tag)) throw invalid();
  if (digest !== undefined && !tryParseDigest(digest)) throw invalid();
  const reference = digest ?? tag;
  if (reference === undefined) throw invalid();
  const slash = name.indexOf('/');
  if (slash < 0 || !isValidRepositoryName(name)) throw invalid();
  return { project: name.slice(0, slash), repository: name.slice(slash + 1), reference };
}
