import { serviceOpenApiDocument, type OpenApiObject } from '@vezel/service-kit';
import { sortingApi } from '../sorting-api.ts';

/** The OpenAPI 3.1 document of the sorting HTTP API, served at `/v1/sorting/openapi.json`, derived from its API. */
export const sortingOpenApiDocument: OpenApiObject = serviceOpenApiDocument(sortingApi);
