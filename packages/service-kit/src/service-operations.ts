import type { DescMessage, DescService, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  factCommandDeclarations,
  type FactCommandDeclaration,
  type IdNamedBy,
  type ReceiptDeclaration,
  type ReceiptOf,
} from './fact-command.ts';
import type { ProblemResponseName } from './openapi-document.ts';
import type { CommandOutcome } from './run-idempotent-command.ts';

/** Path parameters of an operation, by name (`/lots/:lotId/dispatches` has `lotId`). */
export type PathParameters = Readonly<Record<string, string>>;

/**
 * Whom a command records a fact for: the holder whose stock it changes (a centre, store or processor) or, for
 * collection, the municipality whose container it names. Authorization asks this, once, for HTTP and gRPC alike.
 */
export interface CommandHolder {
  readonly kind: 'centre' | 'store' | 'processor' | 'municipality';
  readonly id: string;
}

export type MethodName<S extends DescService> = keyof S['method'] & string;
type RequestOf<S extends DescService, K extends MethodName<S>> = S['method'][K] extends {
  readonly input: infer I extends DescMessage;
}
  ? MessageShape<I>
  : never;
export type ResponseOf<S extends DescService, K extends MethodName<S>> = S['method'][K] extends {
  readonly output: infer O extends DescMessage;
}
  ? MessageInitShape<O>
  : never;
/** Every command's gRPC response carries the event it recorded, in `event`. */
export type RecordedEventOf<S extends DescService, K extends MethodName<S>> =
  ResponseOf<S, K> extends { readonly event?: infer E } ? NonNullable<E> : never;

/** What is the same for a command and a query. */
interface OperationDocs<Id extends string> {
  /** The operation's name: its OpenAPI `operationId` and, where it has one, its gRPC method (`dispatchLot`). */
  readonly id: Id;
  /** Under the service's base, express style: `/lots/:lotId/dispatches`. Path parameters are documented as ids. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  /** The answer's schema (a name in the service's OpenAPI schemas), and what it is in words ("The receipt"). */
  readonly result: string;
  readonly resultName: string;
}

/**
 * A command as a service declares it: how its input is read from JSON and from protobuf (both to the same input, so
 * a command sent over HTTP and repeated over gRPC is recognised as a replay), whom it records for, how it runs, and
 * how its result is answered on each transport.
 */
export interface CommandDeclaration<
  App,
  S extends DescService,
  K extends MethodName<S>,
  Input,
  Result,
> extends OperationDocs<K> {
  /** The request body's schema. */
  readonly body: string;
  /** The problems it can answer besides success. */
  readonly problems: readonly ProblemResponseName[];
  readonly fromJson: (body: unknown, parameters: PathParameters) => Input;
  readonly fromProto: (request: RequestOf<S, K>) => Input;
  /** Whom the command records for; may read the application (a dispatch names its lot, the lot its centre). */
  readonly holder: (input: Input, application: App) => CommandHolder | Promise<CommandHolder>;
  readonly run: (application: App, input: Input) => Promise<CommandOutcome<Result>>;
  /** Where the recorded fact is read, under the service's base (`/batches/B-1`, see `factLocation`). */
  readonly location: (result: Result) => string;
  readonly toJson: (result: Result) => unknown;
  /** The recorded event as the gRPC response's `event`. */
  readonly toEvent: (result: Result) => RecordedEventOf<S, K>;
}

/** A query as a service declares it; `proto` is absent for a query the gRPC contract does not have. */
export interface QueryDeclaration<App, S extends DescService, K extends string, Key, Result> extends OperationDocs<K> {
  /** Default: a bad id (400) or nothing with that id (404). */
  readonly problems?: readonly ProblemResponseName[];
  readonly fromPath: (parameters: PathParameters) => Key;
  readonly read: (application: App, key: Key) => Promise<Result>;
  /** Whose the answer is: only the operator, auditors and the holder's owner may read it. */
  readonly holder: (result: Result, key: Key) => CommandHolder;
  readonly toJson: (result: Result, key: Key) => unknown;
  readonly proto?: K extends MethodName<S>
    ? {
        readonly fromProto: (request: RequestOf<S, K>) => Key;
        readonly toProto: (result: Result, key: Key) => ResponseOf<S, K>;
      }
    : never;
}

/** A command read from a request, not yet run: whom it records for, and how to run it. */
export interface PreparedCommand<App> {
  readonly holder: (application: App) => Promise<CommandHolder>;
  readonly run: (application: App) => Promise<CommandAnswer>;
}

/** How a command that ran answers, on either transport. */
export interface CommandAnswer {
  readonly outcome: CommandOutcome<unknown>;
  /** Where the recorded fact is read, under the service's base. */
  readonly location: string;
  readonly json: () => unknown;
  readonly proto: () => unknown;
}

/** A declared command with its types closed over: what the kit derives routes, documents and handlers from. */
export interface CommandOperation<App> extends OperationDocs<string> {
  readonly kind: 'command';
  readonly body: string;
  readonly problems: readonly ProblemResponseName[];
  readonly fromJson: (body: unknown, parameters: PathParameters) => PreparedCommand<App>;
  readonly fromProto: (request: unknown) => PreparedCommand<App>;
}

/** Asked before a query answers: may the caller read what belongs to this holder (throws when not). */
export type HolderCheck = (holder: CommandHolder) => Promise<void>;

/** A declared query with its types closed over. */
export interface QueryOperation<App> extends OperationDocs<string> {
  readonly kind: 'query';
  readonly problems?: readonly ProblemResponseName[];
  readonly overHttp: (application: App, parameters: PathParameters, check: HolderCheck) => Promise<unknown>;
  /** Absent for a query the gRPC contract does not have. */
  readonly overGrpc?: (application: App, request: unknown, check: HolderCheck) => Promise<unknown>;
}

export type ServiceOperation<App> = CommandOperation<App> | QueryOperation<App>;

/** What a query that reads one recorded fact by its id says about itself. */
export interface FactQueryDeclaration<App, S extends DescService, K extends string, Result> extends Omit<
  OperationDocs<K>,
  'path'
> {
  /** `sales`: the fact is read at `/sales/:<parameter>`. */
  readonly collection: string;
  /** `saleId`: the path parameter and, over gRPC, the request field. */
  readonly parameter: string;
  readonly read: (application: App, factId: string) => Promise<Result>;
  /** Whose the fact is: only the operator, auditors and the holder's owner may read it. */
  readonly holder: (result: Result) => CommandHolder;
  readonly toJson: (result: Result) => unknown;
  /** The gRPC answer; absent for a query the gRPC contract does not have. */
  readonly toProto?: K extends MethodName<S> ? (result: Result) => ResponseOf<S, K> : never;
}

/** The declaration helpers of one service, typed by its application and its generated gRPC service. */
export interface OperationDeclarations<App, S extends DescService> {
  readonly command: <K extends MethodName<S>, Input, Result>(
    declaration: CommandDeclaration<App, S, K, Input, Result>,
  ) => CommandOperation<App>;
  readonly query: <K extends string, Key, Result>(
    declaration: QueryDeclaration<App, S, K, Key, Result>,
  ) => QueryOperation<App>;
  /** `GET /<collection>/:<parameter>`: one recorded fact (a receipt, a sale, a run ...) by its id. */
  readonly factQuery: <K extends string, Result>(
    declaration: FactQueryDeclaration<App, S, K, Result>,
  ) => QueryOperation<App>;
  /** `POST /<collection>` recording a fact, and `GET /<collection>/:<parameter>` reading it back. */
  readonly factCommand: <K extends MethodName<S>, Q extends string, P extends string, Input, Fact extends IdNamedBy<P>>(
    declaration: FactCommandDeclaration<App, S, K, Q, P, Input, Fact>,
  ) => readonly [CommandOperation<App>, QueryOperation<App>];
  /** `POST /receipts` of a holder's receipt, and `GET /receipts/:receiptId` reading it back. */
  readonly receipt: <K extends MethodName<S>, Q extends string, Input>(
    declaration: ReceiptDeclaration<App, S, K, Q, Input, ReceiptOf<App>>,
  ) => readonly [CommandOperation<App>, QueryOperation<App>];
}

/**
 * The helpers a service declares its operations with. Each closes over the operation's own input and result
 * types, so one list can hold them all while every declaration is checked against the generated gRPC messages.
 */
export function operationsOf<App, S extends DescService>(): OperationDeclarations<App, S> {
  const query = <K extends string, Key, Result>(
    declaration: QueryDeclaration<App, S, K, Key, Result>,
  ): QueryOperation<App> => {
    const { fromPath, read, holder, toJson, proto, ...docs } = declaration;
    const readChecked = async (application: App, key: Key, check: HolderCheck): Promise<Result> => {
      const result = await read(application, key);
      await check(holder(result, key));
      return result;
    };
    return {
      kind: 'query',
      ...docs,
      overHttp: async (application, parameters, check) => {
        const key = fromPath(parameters);
        return toJson(await readChecked(application, key, check), key);
      },
      ...(proto === undefined
        ? {}
        : {
            overGrpc: async (application: App, request: unknown, check: HolderCheck) => {
              const key = proto.fromProto(request as never);
              return proto.toProto(await readChecked(application, key, check), key);
            },
          }),
    };
  };
  const command: OperationDeclarations<App, S>['command'] = (declaration) => {
    const { fromJson, fromProto, holder, run, location, toJson, toEvent, ...docs } = declaration;
    const prepare = (input: Parameters<typeof run>[1]): PreparedCommand<App> => ({
      holder: async (application) => holder(input, application),
      run: async (application) => {
        const outcome = await run(application, input);
        return {
          outcome,
          location: location(outcome.result),
          json: () => toJson(outcome.result),
          proto: () => ({ event: toEvent(outcome.result) }),
        };
      },
    });
    return {
      kind: 'command',
      ...docs,
      fromJson: (body, parameters) => prepare(fromJson(body, parameters)),
      fromProto: (request) => prepare(fromProto(request as never)),
    };
  };
  const factQuery: OperationDeclarations<App, S>['factQuery'] = ({
    collection,
    parameter,
    toProto,
    holder,
    ...declaration
  }) =>
    query({
      ...declaration,
      holder: (result) => holder(result),
      path: `/${collection}/:${parameter}`,
      fromPath: (parameters) => parameters[parameter]!,
      ...(toProto === undefined
        ? {}
        : {
            proto: {
              fromProto: (request: Readonly<Record<string, unknown>>) => request[parameter] as string,
              toProto: (result: never) => toProto(result),
            } as never,
          }),
    });
  return { command, query, factQuery, ...factCommandDeclarations({ command, factQuery }) };
}
