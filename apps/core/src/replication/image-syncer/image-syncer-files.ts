import { parse } from 'yaml';
import { HarborError } from '@harbor-ts/errors';

/** One entry of image-syncer's auth file: keyed by `registry` or `registry/namespace`. */
export interface SyncerAuth {
  username: string;
  password: string;
  insecure: boolean;
}

/** Both of image-syncer's files, read: `images` maps a source to one or more destinations. */
export interface SyncerFiles {
  images: Map<string, string[]>;
  auth: Map<string, SyncerAuth>;
}

const bad = (message: string) => HarborError.badRequest(message);

/** YAML is a superset of JSON, so one parser reads either format, as image-syncer does. */
function parseDocument(text: string, file: string): unknown {
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw bad(`the ${file} file is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readImages(value: unknown): Map<string, string[]> {
  if (!isRecord(value)) throw bad('the images file must map source images to destinations');
  const images = new Map<string, string[]>();
  for (const [source, destination] of Object.entries(value)) {
    const destinations = typeof destination === 'string' ? [destination] : destination;
    if (!Array.isArray(destinations) || destinations.some((d) => typeof d !== 'string' || !d.trim()))
      throw bad(`the destination of ${source} must be an image or a list of images`);
    images.set(
      source.trim(),
      (destinations as string[]).map((d) => d.trim()),
    );
  }
  if (images.size === 0) throw bad('the images file names no image');
  return images;
}

function credential(key: string, field: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw bad(`${field} of ${key} in the auth file must be a string`);
  // image-syncer expands ${VAR} from its own environment; the server's environment is not the user's.
  if (/\$\{?[A-Za-z_]/.test(value))
    throw bad(`${field} of ${key} refers to an environment variable; put its value in the auth file`);
  return value;
}

function readAuth(value: unknown): Map<string, SyncerAuth> {
  if (!isRecord(value)) throw bad('the auth file must map registries to credentials');
  const auth = new Map<string, SyncerAuth>();
  for (const [key, entry] of Object.entries(value)) {
    if (!isRecord(entry)) throw bad(`the auth entry of ${key} must be an object`);
    auth.set(key.trim().replace(/\/+$/, ''), {
      username: credential(key, 'username', entry.username),
      password: credential(key, 'password', entry.password),
      insecure: entry.insecure === true,
    });
  }
  return auth;
}

/**
 * Reads image-syncer's files as its users wrote them: `images` and `auth` (v1.2+, `--images`/`--auth`),
 * or the older single `--config` file, which holds both under `images` and `auth`.
 */
export function readSyncerFiles(imagesText: string, authText?: string): SyncerFiles {
  const images = parseDocument(imagesText, 'images');
  const combined = isRecord(images) && isRecord(images.images) && authText === undefined;
  return {
    images: readImages(combined ? images.images : images),
    auth: readAuth(combined ? (images.auth ?? {}) : authText ? parseDocument(authText, 'auth') : {}),
  };
}
