import { request } from 'undici';
import type { ReplicationSide } from './replication-endpoints.js';

/**
 * Harbor's PrepareForPush for this instance: creates the destination project (private) when it does
 * not exist yet, through the API as the task's robot, so quotas and members are set up as for any
 * project. A project created meanwhile by someone else (409) is fine.
 */
export async function ensureLocalProject(
  side: ReplicationSide,
  project: string,
): Promise<'created' | 'exists'> {
  const { base, endpoint } = side.client.http;
  const auth = Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64');
  const res = await request(`${base}/api/v2.0/projects`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify({ project_name: project, metadata: { public: 'false' } }),
  });
  const text = await res.body.text();
  if (res.statusCode === 201) return 'created';
  if (res.statusCode === 409) return 'exists';
  throw new Error(`creating the project ${project} failed: ${res.statusCode} ${text.slice(0, 300)}`);
}
