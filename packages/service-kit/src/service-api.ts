import type { Server } from '@grpc/grpc-js';
import type { DescService } from '@bufbuild/protobuf';
import { registerGrpcService, type GrpcServiceImplementation, type UnexpectedErrorReporter } from '@vezel/rpc';
import { Router, type RequestHandler } from 'express';
import { commandResponseStatus } from './command-response-status.ts';
import { createOpenApiDocument, problems, type OpenApiObject, type ProblemResponseName } from './openapi-document.ts';
import type { CommandOutcome } from './run-idempotent-command.ts';

/** What every command of every chain service says about repeating it, for its OpenAPI description. */
export const COMMAND_IDEMPOTENCY =
  'The command carries its own id: repeating it with the same id and body changes nothing and answers 200 with the ' +
  'original result; the same id with another body is a 409.';

/** The problems a command that moves grams can answer: everything but success. */
export const GRAMS_COMMAND_PROBLEMS: readonly ProblemResponseName[] = [
  'InvalidInput',
  'NotFound',
  'Conflict',
  'MassNotConserved',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'Unavailable',
];

/** Path parameters of an operation, by name (`/lots/:lotId/dispatches` has `lotId`). */
export type PathParameters = Readonly<Record<string, string>>;

/** What is the same for a command and a query. */
interface OperationBase {
  /** The operation's name: its OpenAPI `operationId` and, where it has one, its gRPC method (`dispatchLot`). */
  readonly id: string;
  /** Under the service's base, express style: `/lots/:lotId/dispatches`. Path parameters are documented as ids. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
}

/** A command: `POST`, answered 201 with what it recorded (200 when it repeats an earlier command), Location set. */
export interface CommandOperation<App> extends OperationBase {
  readonly kind: 'command';
  /** The request body's schema (a name in the service's OpenAPI schemas). */
  readonly body: string;
  /** The answer's schema, and what it is in words ("The receipt"). */
  readonly result: string;
  readonly resultName: string;
  /** The problems it can answer besides success. */
  readonly problems: readonly ProblemResponseName[];
  /** Runs the command on the service's application from an HTTP request's path parameters and JSON body. */
  readonly execute: (application: App, parameters: PathParameters, body: unknown) => Promise<CommandAnswer>;
}

/** How a command answers over HTTP. */
export interface CommandAnswer {
  readonly outcome: CommandOutcome<unknown>;
  /** Where the recorded resource is read, under the service's base (`/receipts/R-1`). */
  readonly location: string;
  readonly json: unknown;
}

/** A query: `GET`, answered 200. */
export interface QueryOperation<App> extends OperationBase {
  readonly kind: 'query';
  readonly result: string;
  readonly resultName: string;
  /** Default: a bad id (400) or nothing with that id (404). */
  readonly problems?: readonly ProblemResponseName[];
  readonly read: (application: App, parameters: PathParameters) => Promise<unknown>;
}

export type ServiceOperation<App> = CommandOperation<App> | QueryOperation<App>;

/**
 * A chain service's API, declared once: its operations (HTTP routes and their OpenAPI document are derived from
 * them), its schemas, and its gRPC service with handlers named as the operations are. Whatever every command or
 * query of every service must do (authorization, rate limits, the recording principal, metrics) is added where these
 * are derived, once.
 */
export interface ServiceApi<App, S extends DescService = DescService> {
  /** `sorting`: the API lives under `/v1/sorting/`. */
  readonly service: string;
  readonly version: string;
  readonly description: string;
  readonly operations: readonly ServiceOperation<App>[];
  /** The OpenAPI schemas the operations name. */
  readonly schemas: OpenApiObject;
  readonly grpcService: S;
  /** The gRPC handlers over the service's application, one per method, named as the operations. */
  readonly grpc: (application: App) => GrpcServiceImplementation<S>;
}

const basePath = (api: { readonly service: string }): string => `/v1/${api.service}`;

/** What a query that reads one recorded fact by its id says about itself. */
export interface FactQuery<App> {
  readonly id: string;
  /** `sales`: the fact is read at `/sales/:<parameter>`. */
  readonly collection: string;
  /** `saleId`. */
  readonly parameter: string;
  readonly summary: string;
  readonly result: string;
  readonly resultName: string;
  readonly read: (application: App, factId: string) => Promise<unknown>;
}

/** `GET /<collection>/:<parameter>`: one recorded fact (a receipt, a sale, a run ...) by its id. */
export function factQuery<App>(query: FactQuery<App>): QueryOperation<App> {
  return {
    kind: 'query',
    id: query.id,
    path: `/${query.collection}/:${query.parameter}`,
    summary: query.summary,
    result: query.result,
    resultName: query.resultName,
    read: (application, parameters) => query.read(application, parameters[query.parameter]!),
  };
}

/** Where a recorded fact is read, under the service's base: `/sales/SALE-1`. */
export function factLocation(collection: string, factId: string): string {
  return `/${collection}/${encodeURIComponent(factId)}`;
}

/** The express router of a service's HTTP API: one route per operation; errors become problem+json in the app. */
export function createServiceRouter<App>(api: ServiceApi<App>, application: App): RequestHandler {
  const router = Router();
  const base = basePath(api);
  for (const operation of api.operations) {
    const path = `${base}${operation.path}`;
    if (operation.kind === 'command') {
      router.post(path, async (req, res) => {
        const answer = await operation.execute(application, req.params as PathParameters, req.body);
        res.status(commandResponseStatus(answer.outcome)).location(`${base}${answer.location}`).json(answer.json);
      });
    } else {
      router.get(path, async (req, res) => {
        res.json(await operation.read(application, req.params as PathParameters));
      });
    }
  }
  return router;
}

/** The OpenAPI 3.1 document of a service's HTTP API, its paths derived from the operations. */
export function serviceOpenApiDocument<App>(api: ServiceApi<App>): OpenApiObject {
  const base = basePath(api);
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const operation of api.operations) {
    const path = `${base}${operation.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const method = operation.kind === 'command' ? 'post' : 'get';
    (paths[path] ??= {})[method] = operationObject(operation);
  }
  return createOpenApiDocument({
    service: api.service,
    version: api.version,
    description: api.description,
    paths,
    schemas: api.schemas,
  });
}

/** Adds the service's gRPC service to a server. */
export function registerServiceGrpc<App, S extends DescService>(
  server: Server,
  api: ServiceApi<App, S>,
  application: App,
  reportUnexpectedError?: UnexpectedErrorReporter,
): void {
  registerGrpcService(server, api.grpcService, api.grpc(application), {
    ...(reportUnexpectedError === undefined ? {} : { reportUnexpectedError }),
  });
}

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: OpenApiObject): OpenApiObject => ({ 'application/json': { schema } });

function operationObject<App>(operation: ServiceOperation<App>): OpenApiObject {
  const parameters = [...operation.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: ref('Id'),
  }));
  const described = {
    operationId: operation.id,
    summary: operation.summary,
    ...(operation.description === undefined ? {} : { description: operation.description }),
    ...(parameters.length === 0 ? {} : { parameters }),
  };
  if (operation.kind === 'query') {
    return {
      ...described,
      responses: {
        '200': { description: operation.resultName, content: json(ref(operation.result)) },
        ...problems(...(operation.problems ?? ['InvalidInput', 'NotFound'])),
      },
    };
  }
  return {
    ...described,
    requestBody: { required: true, content: json(ref(operation.body)) },
    responses: {
      '201': {
        description: `${operation.resultName} (first execution)`,
        content: json(ref(operation.result)),
        headers: { Location: { schema: { type: 'string' } } },
      },
      '200': {
        description: 'The same command was executed before: its original result',
        content: json(ref(operation.result)),
      },
      ...problems(...operation.problems),
    },
  };
}
