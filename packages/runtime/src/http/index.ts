// The package's entry @harbor-ts/runtime/http: plain node:http services (registry, registryctl,
// trivy-adapter, jobservice).
// Nothing here loads NestJS or Fastify, which is what keeps those processes small.
export { harborErrorAnswer, sendAnswer, type Answer } from './answer.js';
export { runHttpService, type HttpService } from './http-service.js';
export { readJsonBody, type JsonMediaTypes } from './json-body.js';
export { createJsonServer, type Handler } from './json-server.js';
export { harborSecretCheck, type InternalSecrets } from './harbor-secret.js';
export { EndpointClient } from '../endpoint-client.js';
