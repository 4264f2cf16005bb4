import { serviceOpenApiDocument, type OpenApiObject } from '@vezel/service-kit';
import { retailApi } from '../retail-api.ts';

/** The OpenAPI 3.1 document of the retail HTTP API, served at `/v1/retail/openapi.json`, derived from its API. */
export const retailOpenApiDocument: OpenApiObject = serviceOpenApiDocument(retailApi);
