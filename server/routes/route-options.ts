import { ErrorEnvelopeSchema } from '../contract/errors';
import type { Catalog } from '../app-deps';
import type { MarketoApi } from '../marketo/types';
import type { UsageTracker } from '../usage-tracker';
import type { AppConfig, ImportsDeps } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';

/** What every route plugin receives from `buildApp`. */
export interface RouteOptions {
  config: AppConfig;
  marketo: MarketoApi;
  catalog: Catalog;
  usage: UsageTracker;
  access: AccessDeps;
}

/** The import routes also get the import storage and runner. */
export interface ImportRouteOptions extends RouteOptions {
  imports: ImportsDeps;
}

/** Error answers every route may give, declared so OpenAPI lists them and the serializer allow-lists them. */
export const errorResponses = {
  '4xx': ErrorEnvelopeSchema,
  '5xx': ErrorEnvelopeSchema,
} as const;
