import { once } from 'node:events';
import { fromBinary } from '@bufbuild/protobuf';
import type { DescMessage, DescMethod, DescService, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  status as grpcStatus,
  type sendUnaryData,
  type Server,
  type ServerUnaryCall,
  type ServerWritableStream,
  type MethodDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { InvalidInputError } from '@vezel/errors';
import { createVezelMetrics, type VezelMetrics } from '@vezel/telemetry';
import { encodeMessage } from './encode-message.ts';
import { rejectNulCharacters } from './reject-nul-characters.ts';
import { grpcMethodPath } from './grpc-method-path.ts';
import type {
  GrpcCallContext,
  GrpcServerStreamingHandler,
  GrpcServiceImplementation,
  GrpcUnaryHandler,
} from './grpc-service-implementation.ts';
import { toGrpcStatusObject } from './to-grpc-status-object.ts';
import { reportUnexpectedErrorToStderr, type UnexpectedErrorReporter } from './unexpected-error-reporter.ts';
import { rememberGrpcService } from './grpc-reflection.ts';
import { measureGrpcCall, type EndGrpcCall } from './measure-grpc-call.ts';

/** Options for {@link registerGrpcService}. */
export interface RegisterGrpcServiceOptions {
  /** Receives errors outside the domain taxonomy (the client only sees INTERNAL). Defaults to stderr. */
  readonly reportUnexpectedError?: UnexpectedErrorReporter;
  /**
   * Runs before every call's handler, with its context (metadata, peer): where a host checks who is calling. What it
   * throws fails the call through the same error mapping as the handler's errors.
   */
  readonly beforeEachCall?: (context: GrpcCallContext) => Promise<void>;
}

type Handler = GrpcUnaryHandler<DescMessage, DescMessage> | GrpcServerStreamingHandler<DescMessage, DescMessage>;

const servicesByServer = new WeakMap<Server, Set<string>>();

/**
 * Adds a protobuf-es service to a grpc-js server. Requests and responses are (de)serialized here rather than by
 * grpc-js so that an undecodable request is INVALID_ARGUMENT (grpc-js would say INTERNAL) and so that every failure,
 * including encoding a bad response, goes through one error mapping: domain errors via `toGrpcStatus` with the
 * offending field in the `vezel-field` trailer, anything else INTERNAL without its message.
 *
 * Every call's duration and status is recorded as `vezel.request.duration` (transport `grpc`); a server-streaming
 * call's lasts until its stream ends.
 *
 * Fails at start-up if a method has no handler or is client/bidi streaming, which this adapter does not support.
 */
export function registerGrpcService<S extends DescService>(
  server: Server,
  service: S,
  implementation: GrpcServiceImplementation<S>,
  options: RegisterGrpcServiceOptions = {},
): void {
  const report = options.reportUnexpectedError ?? reportUnexpectedErrorToStderr;
  const handlers = guarded(implementation, options.beforeEachCall);
  // Created at registration, after the host started the telemetry SDK (earlier instruments stay no-ops).
  const metrics = createVezelMetrics();
  rememberGrpcService(server, service);
  const definition: Record<string, MethodDefinition<Buffer, Buffer>> = {};
  const calls: UntypedServiceImplementation = {};
  for (const method of service.methods) {
    const handler = handlers[method.localName];
    if (typeof handler !== 'function') {
      throw new Error(`gRPC service ${service.typeName}: no handler for method ${method.localName}`);
    }
    switch (method.methodKind) {
      case 'unary':
        calls[method.localName] = unaryCall(
          method,
          handler as GrpcUnaryHandler<DescMessage, DescMessage>,
          report,
          metrics,
        );
        break;
      case 'server_streaming':
        calls[method.localName] = serverStreamingCall(
          method,
          handler as GrpcServerStreamingHandler<DescMessage, DescMessage>,
          report,
          metrics,
        );
        break;
      case 'client_streaming':
      case 'bidi_streaming':
        throw new Error(`gRPC service ${service.typeName}: ${method.methodKind} method ${method.name} is unsupported`);
      default:
        return unreachable(method.methodKind);
    }
    definition[method.localName] = {
      path: grpcMethodPath(method),
      requestStream: false,
      responseStream: method.methodKind === 'server_streaming',
      // Bytes pass through grpc-js untouched; see the doc comment for why decoding happens in the handler.
      requestSerialize: passBytes,
      requestDeserialize: passBytes,
      responseSerialize: passBytes,
      responseDeserialize: passBytes,
      originalName: method.name,
    };
  }
  server.addService(definition, calls);
  const names = servicesByServer.get(server) ?? new Set<string>();
  names.add(service.typeName);
  servicesByServer.set(server, names);
}

/** Fully qualified names of the services registered on a server, for the health service. */
export function registeredGrpcServiceNames(server: Server): ReadonlySet<string> {
  return servicesByServer.get(server) ?? new Set();
}

/** The handlers, each first running `beforeEachCall` when there is one. */
function guarded(
  handlers: Readonly<Record<string, unknown>>,
  beforeEachCall: RegisterGrpcServiceOptions['beforeEachCall'],
): Readonly<Record<string, unknown>> {
  if (beforeEachCall === undefined) return handlers;
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => {
      if (typeof handler !== 'function') return [name, handler];
      const call = handler as (...args: unknown[]) => unknown;
      // A streaming handler may return an iterable rather than a promise; awaiting the guard first keeps both.
      return [
        name,
        async (request: unknown, context: GrpcCallContext, ...rest: unknown[]) => {
          await beforeEachCall(context);
          return call(request, context, ...rest);
        },
      ];
    }),
  );
}

function unaryCall(method: DescMethod, handler: Handler, report: UnexpectedErrorReporter, metrics: VezelMetrics) {
  const unary = handler as GrpcUnaryHandler<DescMessage, DescMessage>;
  return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void => {
    const { context, end } = callContext(method, call, measureGrpcCall(metrics, method));
    Promise.resolve()
      .then(async () => encodeMessage(method.output, await unary(decodeRequest(method, call.request), context)))
      .then(
        (response) => {
          end(grpcStatus.OK);
          callback(null, response);
        },
        (error: unknown) => {
          // grpc-js has already ended a cancelled or expired call (or is about to: the deadline has passed, its
          // timer has not run yet); what the handler threw then is only the echo of that, not something to report.
          const status = pastDeadline(context)
            ? { code: grpcStatus.DEADLINE_EXCEEDED, details: 'deadline exceeded' }
            : context.signal.aborted
              ? { code: grpcStatus.CANCELLED, details: 'cancelled' }
              : failedStatus(method, error, report);
          end(status.code);
          callback(status);
        },
      );
  };
}

function serverStreamingCall(
  method: DescMethod,
  handler: Handler,
  report: UnexpectedErrorReporter,
  metrics: VezelMetrics,
) {
  const streaming = handler as GrpcServerStreamingHandler<DescMessage, DescMessage>;
  return (call: ServerWritableStream<Buffer, Buffer>): void => {
    const { context, end } = callContext(method, call, measureGrpcCall(metrics, method));
    const send = async (response: MessageInitShape<DescMessage>): Promise<void> => {
      context.signal.throwIfAborted();
      if (!call.write(encodeMessage(method.output, response))) {
        await once(call, 'drain', { signal: context.signal });
      }
    };
    const run = async (): Promise<void> => {
      // Awaited first: a guarded handler resolves to the iterable; a `send`-style one resolves when it is done.
      const result: unknown = await streaming(decodeRequest(method, call.request), context, send);
      if (isAsyncIterable(result)) {
        for await (const response of result) await send(response);
      }
    };
    run().then(
      () => {
        end(grpcStatus.OK);
        call.end();
      },
      (error: unknown) => {
        // A cancelled client is gone; there is nobody to tell and nothing unexpected to report.
        if (context.signal.aborted) {
          end(grpcStatus.CANCELLED);
          return;
        }
        const status = failedStatus(method, error, report);
        end(status.code);
        call.emit('error', status);
      },
    );
  };
}

/**
 * The handler's view of a call, and `end` to call with its status when it ends (stops the deadline's timer, then
 * `measured`). The signal aborts when the client cancels or
 * the deadline passes. The deadline is a timer of our own on the same controller rather than `AbortSignal.any` over
 * `AbortSignal.timeout`: `any` holds its sources weakly, and Node.js can collect a timeout signal nothing else
 * references before it fires (a known issue), so the call would never learn that its deadline passed.
 */
function callContext(
  method: DescMethod,
  call: ServerUnaryCall<Buffer, Buffer> | ServerWritableStream<Buffer, Buffer>,
  measured: EndGrpcCall,
): { readonly context: GrpcCallContext; readonly end: EndGrpcCall } {
  const ended = new AbortController();
  call.once('cancelled', () => ended.abort(new Error(`gRPC call ${grpcMethodPath(method)} was cancelled`)));
  const deadline = toDate(call.getDeadline());
  const timer =
    deadline === undefined
      ? undefined
      : setTimeout(
          () =>
            ended.abort(new DOMException(`gRPC call ${grpcMethodPath(method)} passed its deadline`, 'TimeoutError')),
          Math.max(0, deadline.getTime() - Date.now()),
        );
  timer?.unref();
  const context: GrpcCallContext = {
    method,
    metadata: call.metadata,
    deadline,
    signal: ended.signal,
    peer: call.getPeer(),
  };
  const end: EndGrpcCall = (code) => {
    clearTimeout(timer);
    measured(code);
  };
  return { context, end };
}

/** Whether the call's deadline has passed, whether or not the deadline's timer has run yet. */
function pastDeadline(context: GrpcCallContext): boolean {
  return context.deadline !== undefined && Date.now() >= context.deadline.getTime();
}

function toDate(deadline: Date | number): Date | undefined {
  if (deadline instanceof Date) return deadline;
  return Number.isFinite(deadline) ? new Date(deadline) : undefined;
}

function decodeRequest(method: DescMethod, bytes: Buffer): MessageShape<DescMessage> {
  let request: MessageShape<DescMessage>;
  try {
    request = fromBinary(method.input, bytes);
  } catch (error) {
    throw new InvalidInputError(`request is not a valid ${method.input.typeName} message`, { cause: error });
  }
  rejectNulCharacters(request);
  return request;
}

function failedStatus(method: DescMethod, error: unknown, report: UnexpectedErrorReporter) {
  const { isUnexpected, ...status } = toGrpcStatusObject(error);
  if (isUnexpected) {
    report(error, { transport: 'grpc', operation: grpcMethodPath(method), service: method.parent.typeName });
  }
  return status;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<MessageInitShape<DescMessage>> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function passBytes(bytes: Buffer): Buffer {
  return bytes;
}

function unreachable(value: never): never {
  throw new Error(`unexpected method kind ${String(value)}`);
}
