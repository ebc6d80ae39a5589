export declare const SWAGGER_PATH: URL;

export interface SwaggerDocument {
  swagger: string;
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, unknown>;
  [key: string]: unknown;
}

export declare function swaggerDocument(): SwaggerDocument;
export declare function swaggerDefinitions(): Record<string, unknown>;
