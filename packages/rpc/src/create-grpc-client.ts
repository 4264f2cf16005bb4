import { fromBinary } from '@bufbuild/protobuf';
import type { DescMessage, DescMethod, DescService, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  Client,
  credentials as grpcCredentials,
  Metadata,
  type CallOptions,
  type ChannelCredentials,
  type ChannelOptions,
} from '@grpc/grpc-js';
import { encodeMessage } from './encode-message.ts';
import { grpcMethodPath } from './grpc-method-path.ts';

/** Per-call options. */
export interface GrpcCallOptions {
  /** Overrides the client's default deadline, relative to now. */
  readonly timeoutMs?: number;
  /** Request metadata (headers). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Aborting cancels the call; the promise / iteration then rejects with CANCELLED. */
  readonly signal?: AbortSignal;
}

/** Options for {@link createGrpcClient}. */
export interface GrpcClientOptions {
  /** Defaults to insecure (plaintext), which is what in-cluster and loopback traffic uses. */
  readonly credentials?: ChannelCredentials;
  readonly channelOptions?: ChannelOptions;
  /**
   * Deadline for unary calls that don't set `timeoutMs`; 10 s by default so a stuck server cannot hang a caller.
   * Server-streaming calls get no default deadline: they may legitimately run long.
   */
  readonly unaryTimeoutMs?: number;
}

/** Client-side shape of a method: a promise for unary, a lazily started async iterable for server streaming. */
export type GrpcClientMethodFor<M> = M extends {
  readonly methodKind: 'unary';
  readonly input: infer I extends DescMessage;
  readonly output: infer O extends DescMessage;
}
  ? (request: MessageInitShape<I>, options?: GrpcCallOptions) => Promise<MessageShape<O>>
  : M extends {
        readonly methodKind: 'server_streaming';
        readonly input: infer I extends DescMessage;
        readonly output: infer O extends DescMessage;
      }
    ? (request: MessageInitShape<I>, options?: GrpcCallOptions) => AsyncIterable<MessageShape<O>>
    : DescMethod extends M
      ? // An untyped DescService (not generated code): nothing better than either shape is known.
        (request: MessageInitShape<DescMessage>, options?: GrpcCallOptions) => unknown
      : never;

type SupportedMethodKey<S extends DescService, K extends keyof S['method']> =
  GrpcClientMethodFor<S['method'][K]> extends never ? never : K;

/**
 * A typed, promise-based client for a protobuf-es service. Failed calls reject with grpc-js's `ServiceError`:
 * `code`, `details`, and `metadata` with the `vezel-field` / `vezel-error-kind` trailers our servers set.
 */
export type GrpcClient<S extends DescService> = {
  readonly [K in keyof S['method'] as SupportedMethodKey<S, K>]: GrpcClientMethodFor<S['method'][K]>;
} & {
  /** Closes the channel; calls in flight fail with CANCELLED or UNAVAILABLE. */
  close(): void;
};

const defaultUnaryTimeoutMs = 10_000;

/**
 * Creates a client for `service` at `address` (`host:port`). Client and bidi streaming methods are left out of
 * the client, matching what `registerGrpcService` can serve.
 */
export function createGrpcClient<S extends DescService>(
  service: S,
  address: string,
  options: GrpcClientOptions = {},
): GrpcClient<S> {
  const channel = new Client(address, options.credentials ?? grpcCredentials.createInsecure(), options.channelOptions);
  const unaryTimeoutMs = options.unaryTimeoutMs ?? defaultUnaryTimeoutMs;
  const methods: Record<string, unknown> = {};
  for (const method of service.methods) {
    if (method.localName === 'close') {
      throw new Error(`gRPC service ${service.typeName}: method "close" would shadow the client's close()`);
    }
    if (method.methodKind === 'unary') {
      methods[method.localName] = (request: MessageInitShape<DescMessage>, callOptions: GrpcCallOptions = {}) =>
        callUnary(channel, method, request, callOptions, unaryTimeoutMs);
    } else if (method.methodKind === 'server_streaming') {
      methods[method.localName] = (request: MessageInitShape<DescMessage>, callOptions: GrpcCallOptions = {}) =>
        callServerStreaming(channel, method, request, callOptions);
    }
  }
  return Object.freeze({ ...methods, close: () => channel.close() }) as GrpcClient<S>;
}

function callUnary(
  channel: Client,
  method: DescMethod,
  request: MessageInitShape<DescMessage>,
  options: GrpcCallOptions,
  defaultTimeoutMs: number,
): Promise<MessageShape<DescMessage>> {
  return new Promise((resolve, reject) => {
    const call = channel.makeUnaryRequest(
      grpcMethodPath(method),
      (message: MessageInitShape<DescMessage>) => encodeMessage(method.input, message),
      (bytes: Buffer) => fromBinary(method.output, bytes),
      request,
      toMetadata(options.metadata),
      callOptions(options.timeoutMs ?? defaultTimeoutMs),
      (error, response) => {
        options.signal?.removeEventListener('abort', cancel);
        if (error !== null) reject(error);
        else if (response === undefined) reject(new Error(`gRPC ${grpcMethodPath(method)} returned no response`));
        else resolve(response);
      },
    );
    const cancel = () => call.cancel();
    if (options.signal?.aborted === true) call.cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });
  });
}

// An async generator does not run until iterated, so the call starts with the first `next()`; leaving the loop
// early (break, throw) runs `finally`, which cancels the call instead of leaving the server streaming to nobody.
async function* callServerStreaming(
  channel: Client,
  method: DescMethod,
  request: MessageInitShape<DescMessage>,
  options: GrpcCallOptions,
): AsyncGenerator<MessageShape<DescMessage>> {
  const call = channel.makeServerStreamRequest(
    grpcMethodPath(method),
    (message: MessageInitShape<DescMessage>) => encodeMessage(method.input, message),
    (bytes: Buffer) => fromBinary(method.output, bytes),
    request,
    toMetadata(options.metadata),
    callOptions(options.timeoutMs),
  );
  const cancel = () => call.cancel();
  if (options.signal?.aborted === true) call.cancel();
  else options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    for await (const response of call) yield response as MessageShape<DescMessage>;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    call.cancel();
  }
}

function callOptions(timeoutMs: number | undefined): CallOptions {
  return timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
}

function toMetadata(values: Readonly<Record<string, string>> | undefined): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(values ?? {})) metadata.set(key, value);
  return metadata;
}
