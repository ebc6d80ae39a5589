import type { components, operations } from '@harbor-ts/api-spec/types';

/**
 * Harbor's models, generated from the swagger in packages/api-spec (`npm run build -w @harbor-ts/api-spec`).
 * The swagger declares every field optional; `ApiModel<'X', 'a' | 'b'>` marks the fields core always
 * sends (ids, names) as present so the UI does not null-check them everywhere.
 */
export type Schemas = components['schemas'];

/** Harbor's operations, by operationId: for request bodies the swagger declares inline. */
export type Operations = operations;

export type ApiModel<N extends keyof Schemas, K extends keyof Schemas[N] = never> = Omit<Schemas[N], K> & {
  [P in K]-?: NonNullable<Schemas[N][P]>;
};

/** `T` with the fields of `U` replaced (for nested models the portal narrows the same way). */
export type Override<T, U> = Omit<T, keyof U> & U;
