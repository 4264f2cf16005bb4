import type { ErrorKind } from '@vezel/errors';
import { Router, type RequestHandler } from 'express';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or any other OpenAPI object, as plain data. */
export type OpenApiObject = { readonly [key: string]: unknown };

/** What a service says about its HTTP API; {@link createOpenApiDocument} adds what every service shares. */
export interface OpenApiDescription {
  /** `collection`: titles the document and is served at `/v1/<service>/openapi.json`. */
  readonly service: string;
  readonly version: string;
  readonly description: string;
  /** Path items keyed by full path (`/v1/collection/batches/{batchId}`). */
  readonly paths: OpenApiObject;
  /** The service's schemas (`components.schemas`). */
  readonly schemas: OpenApiObject;
}

/**
 * A shared problem response, as {@link problems} takes it: one per error kind a caller can meet (an illegal
 * transition answers as a `Conflict`, with the same status) and the two the HTTP transport adds before a command runs.
 */
export type ProblemResponseName = Exclude<ErrorKind, 'IllegalTransition'> | 'PayloadTooLarge' | 'UnsupportedMediaType';

const problemResponses: Record<ProblemResponseName, { readonly status: string; readonly description: string }> = {
  InvalidInput: {
    status: '400',
    description: 'Malformed JSON, a missing, unknown or invalid field (named in `field`)',
  },
  Unauthenticated: {
    status: '401',
    description: 'No credential, or an unknown, revoked or expired API key, or a bearer token that is not valid',
  },
  Forbidden: {
    status: '403',
    description: 'The credential lacks the scope, or names a holder its partner does not own',
  },
  RateLimited: {
    status: '429',
    description: 'The credential is over its request rate; `Retry-After` says in how many seconds to try again',
  },
  NotFound: { status: '404', description: 'A referenced entity does not exist' },
  Conflict: {
    status: '409',
    description: 'The command id was used before with another body, or the entity is not in a state that allows it',
  },
  MassNotConserved: { status: '422', description: 'The command would create or destroy grams' },
  PayloadTooLarge: { status: '413', description: 'The body is larger than the service accepts' },
  UnsupportedMediaType: { status: '415', description: 'The body is not application/json' },
  Unavailable: { status: '503', description: 'A dependency is unavailable or the command lost too many races; retry' },
};

/** The responses entry for some problem responses, e.g. `...problems('InvalidInput', 'Conflict')`. */
export function problems(...names: readonly ProblemResponseName[]): OpenApiObject {
  return Object.fromEntries(
    names.map((name) => [problemResponses[name].status, { $ref: `#/components/responses/${name}` }]),
  );
}

/**
 * An OpenAPI 3.1 document for a service's HTTP API, with the shared parts filled in: the problem+json schema and
 * responses (reference them with {@link problems}), and the `Grams` and `Timestamp` schemas (`$ref:
 * '#/components/schemas/Grams'`) so every service documents integer grams and RFC 3339 times alike.
 */
export function createOpenApiDocument(description: OpenApiDescription): OpenApiObject {
  return {
    openapi: '3.1.0',
    info: {
      title: `Vezel ${description.service} API`,
      version: description.version,
      description: description.description,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    paths: description.paths,
    // Every operation takes the same credential; a service run with AUTH=disabled ignores it.
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A Vezel API key (`vzk_...`, made by `vezel keys create`) or, where an identity provider is configured, ' +
            'a JWT from it naming the partner in its `vezel_partner` claim and the scopes in `scope`.',
        },
      },
      schemas: {
        Grams: {
          type: 'integer',
          minimum: 1,
          maximum: Number.MAX_SAFE_INTEGER,
          description: 'A mass in whole grams, as a JSON number',
          examples: [1_250_000],
        },
        Timestamp: {
          type: 'string',
          format: 'date-time',
          description: 'RFC 3339 date-time with seconds and an offset or Z; local times are refused',
          examples: ['2026-03-01T10:00:00+01:00'],
        },
        Id: {
          type: 'string',
          minLength: 1,
          maxLength: 128,
          description: 'A client-chosen id, unique across the chain',
        },
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details (application/problem+json)',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            field: { type: 'string', description: 'The offending input field, e.g. `outputs[2].grams`' },
          },
        },
        ...description.schemas,
      },
      responses: Object.fromEntries(
        Object.entries(problemResponses).map(([name, { description: text }]) => [
          name,
          {
            description: text,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
  };
}

/** Serves a document at `GET /v1/<service>/openapi.json`. */
export function serveOpenApiDocument(service: string, document: OpenApiObject): RequestHandler {
  const router = Router();
  router.get(`/v1/${service}/openapi.json`, (_req, res) => {
    res.json(document);
  });
  return router;
}
