import { serviceOpenApiDocument, type OpenApiObject } from '@vezel/service-kit';
import { collectionApi } from '../collection-api.ts';

/** The OpenAPI 3.1 document of the collection HTTP API, served at `/v1/collection/openapi.json`, derived from its API. */
export const collectionOpenApiDocument: OpenApiObject = serviceOpenApiDocument(collectionApi);
