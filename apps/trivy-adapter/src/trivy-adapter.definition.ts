import { trivyAdapterConfigSchema } from '@harbor-ts/config';
import type { ServiceDefinition } from '@harbor-ts/runtime';
import { TrivyAdapterModule } from './trivy-adapter.module.js';

/** Harbor sends scan requests as `application/vnd.scanner.adapter.scan.request+json; version=1.x`. */
const SCANNER_JSON = /^application\/vnd\.scanner\.adapter\.[a-z.]+\+json/;

export const trivyAdapterDefinition: ServiceDefinition<typeof trivyAdapterConfigSchema> = {
  name: 'trivy-adapter',
  schema: trivyAdapterConfigSchema,
  module: TrivyAdapterModule,
  configure: (app) => {
    app
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser(SCANNER_JSON, { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(Object.assign(new Error('the body is not JSON'), { statusCode: 400 }), undefined);
        }
      });
  },
};
