import { serviceOpenApiDocument, type OpenApiObject } from '@vezel/service-kit';
import { recyclingApi } from '../recycling-api.ts';

/** The OpenAPI 3.1 document of the recycling HTTP API, served at `/v1/recycling/openapi.json`, derived from its API. */
export const recyclingOpenApiDocument: OpenApiObject = serviceOpenApiDocument(recyclingApi);
