import type { ServerResponse } from 'node:http';
import { ociErrorBody, type OciErrorCode } from '@harbor-ts/errors';

/** Ends a /v2 response with the OCI error body distribution clients parse. */
export function sendOciError(
  response: ServerResponse,
  status: number,
  code: OciErrorCode,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = JSON.stringify(ociErrorBody(code, message));
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'docker-distribution-api-version': 'registry/2.0',
    ...extraHeaders,
  });
  response.end(body);
}

export function sendJson(
  response: ServerResponse,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'docker-distribution-api-version': 'registry/2.0',
    ...headers,
  });
  response.end(body);
}
