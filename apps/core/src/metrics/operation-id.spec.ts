import { describe, expect, it } from 'vitest';
import { operationId } from './operation-id.js';

describe('operationId', () => {
  it("names API routes by the swagger's operationId, whatever our parameter names", () => {
    expect(operationId('GET', '/api/v2.0/projects?page=1', '/api/v2.0/projects')).toBe('listProjects');
    expect(operationId('GET', '/api/v2.0/projects/7', '/api/v2.0/projects/:id')).toBe('getProject');
    expect(
      operationId(
        'GET',
        '/api/v2.0/projects/p/repositories/r/artifacts/v1',
        '/api/v2.0/projects/:project_name/repositories/:repository_name/artifacts/:reference',
      ),
    ).toBe('getArtifact');
    expect(operationId('HEAD', '/api/v2.0/projects', '/api/v2.0/projects')).toBe('headProject');
  });

  it('uses Harbor’s v2_* ids for the registry API', () => {
    expect(operationId('GET', '/v2/_catalog', undefined)).toBe('v2_catalog');
    expect(operationId('GET', '/v2/p/r/tags/list', undefined)).toBe('v2_tags');
    expect(operationId('PUT', '/v2/p/r/manifests/v1', undefined)).toBe('v2_manifest');
    expect(operationId('HEAD', '/v2/p/r/blobs/sha256:abc', undefined)).toBe('v2_blob');
    expect(operationId('POST', '/v2/p/r/blobs/uploads/', undefined)).toBe('v2_blob_upload');
    expect(operationId('GET', '/v2/p/r/referrers/sha256:abc', undefined)).toBe('v2_referrers');
    expect(operationId('GET', '/v2/', undefined)).toBe('v2_others');
  });

  it('says unknown outside the API and for routes the swagger does not describe', () => {
    expect(operationId('POST', '/c/login', '/c/login')).toBe('unknown');
    expect(operationId('GET', '/service/token', '/service/token')).toBe('unknown');
    expect(operationId('GET', '/api/v2.0/no-such', undefined)).toBe('unknown');
    expect(operationId('POST', '/api/v2.0/projects/1', '/api/v2.0/projects/:id')).toBe('unknown');
  });
});
