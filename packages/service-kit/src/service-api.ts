import type { Server } from '@grpc/grpc-js';
import type { DescService } from '@bufbuild/protobuf';
import type { AccessControl } from '@vezel/access';
import { recordingAs } from '@vezel/messaging';
import {
  registerGrpcService,
  type GrpcCallContext,
  type GrpcServiceImplementation,
  type UnexpectedErrorReporter,
} from '@vezel/rpc';
import { Router, type RequestHandler } from 'express';
import { whileCallLasts } from './call-signal.ts';
import { commandResponseStatus } from './command-response-status.ts';
import { grpcCredential, httpCredential } from './http-credential.ts';
import { createOpenApiDocument, problems, type OpenApiObject } from './openapi-document.ts';
import { operationAccess, recorderOf, type OperationAccess } from './service-access.ts';
import type { PathParameters, ServiceOperation } from './service-operations.ts';

/**
 * A chain service's API, declared once: its operations (HTTP routes and their OpenAPI document are derived from
 * them), its schemas, and its gRPC service with handlers named as the operations are. Whatever every command or
 * query of every service must do (authorization, rate limits, the recording principal, metrics) is added where these
 * are derived, once. Commands answer 201 with what they recorded, or 200 with the same body when they repeat an
 * earlier command (same id and body); errors become problem+json (HTTP) or a status with the field (gRPC).
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
}

const basePath = (api: { readonly service: string }): string => `/v1/${api.service}`;

/** The express router of a service's HTTP API: one route per operation; errors become problem+json in the app. */
export function createServiceRouter<App>(
  api: ServiceApi<App>,
  application: App,
  access: AccessControl | undefined = undefined,
): RequestHandler {
  const router = Router();
  const base = basePath(api);
  const check = operationAccess(access);
  for (const operation of api.operations) {
    const path = `${base}${operation.path}`;
    if (operation.kind === 'command') {
      router.post(path, async (req, res) => {
        const caller = await check.caller(httpCredential(req));
        const command = operation.fromJson(req.body, req.params as PathParameters);
        await check.mayRecord(caller, command, application);
        const answer = await recordingAs(recorderOf(caller), () => command.run(application));
        res.status(commandResponseStatus(answer.outcome)).location(`${base}${answer.location}`).json(answer.json());
      });
    } else {
      router.get(path, async (req, res) => {
        const caller = await check.caller(httpCredential(req));
        check.mayRead(caller);
        const answer = await operation.overHttp(application, req.params as PathParameters, (holder) =>
          check.mayReadHolder(caller, holder),
        );
        res.json(answer);
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
  options: { readonly access?: AccessControl; readonly reportUnexpectedError?: UnexpectedErrorReporter } = {},
): void {
  const { reportUnexpectedError } = options;
  registerGrpcService(server, api.grpcService, grpcHandlers(api, application, operationAccess(options.access)), {
    ...(reportUnexpectedError === undefined ? {} : { reportUnexpectedError }),
  });
}

/** One gRPC handler per operation that has a method; registering fails at start-up if a method has none. */
function grpcHandlers<App, S extends DescService>(api: ServiceApi<App, S>, application: App, check: OperationAccess) {
  const handlers: Record<string, (request: unknown, context: GrpcCallContext) => Promise<unknown>> = {};
  for (const operation of api.operations) {
    if (operation.kind === 'command') {
      handlers[operation.id] = async (request, context) => {
        const caller = await check.caller(grpcCredential(context));
        const command = operation.fromProto(request);
        await check.mayRecord(caller, command, application);
        const recorded = await whileCallLasts(context, () =>
          recordingAs(recorderOf(caller), () => command.run(application)),
        );
        return recorded.proto();
      };
    } else if (operation.overGrpc !== undefined) {
      const overGrpc = operation.overGrpc;
      handlers[operation.id] = async (request, context) => {
        const caller = await check.caller(grpcCredential(context));
        check.mayRead(caller);
        return overGrpc(application, request, (holder) => check.mayReadHolder(caller, holder));
      };
    }
  }
  return handlers as unknown as GrpcServiceImplementation<S>;
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
        ...problems(
          ...(operation.problems ?? ['InvalidInput', 'NotFound']),
          'Unauthenticated',
          'Forbidden',
          'RateLimited',
        ),
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
      ...problems(...operation.problems, 'Unauthenticated', 'Forbidden', 'RateLimited'),
    },
  };
}
