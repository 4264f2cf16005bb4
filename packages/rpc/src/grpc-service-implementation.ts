import type { DescMessage, DescMethod, DescService, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import type { Metadata } from '@grpc/grpc-js';

/** What a handler may know about its call besides the request message. */
export interface GrpcCallContext {
  readonly method: DescMethod;
  /** Request metadata (headers) as sent by the client. */
  readonly metadata: Metadata;
  /** The client's deadline, if it set one. */
  readonly deadline: Date | undefined;
  /** Aborted when the client cancels or the deadline passes; pass it on to I/O so abandoned work stops. */
  readonly signal: AbortSignal;
  readonly peer: string;
}

/** Responses may be built as plain init objects (`{ grams: 5n }`) or as messages made with `create()`. */
export type GrpcUnaryHandler<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: GrpcCallContext,
) => Promise<MessageInitShape<O>> | MessageInitShape<O>;

/**
 * A server-streaming handler either returns an async iterable of responses (an `async function*`), or writes them
 * with `send` and resolves when done. `send` waits for flow control and rejects once the call is cancelled.
 */
export type GrpcServerStreamingHandler<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: GrpcCallContext,
  send: (response: MessageInitShape<O>) => Promise<void>,
) => AsyncIterable<MessageInitShape<O>> | Promise<void>;

/** The handler a method descriptor calls for; client and bidi streaming are not supported (`never`). */
export type GrpcHandlerFor<M> = M extends {
  readonly methodKind: 'unary';
  readonly input: infer I extends DescMessage;
  readonly output: infer O extends DescMessage;
}
  ? GrpcUnaryHandler<I, O>
  : M extends {
        readonly methodKind: 'server_streaming';
        readonly input: infer I extends DescMessage;
        readonly output: infer O extends DescMessage;
      }
    ? GrpcServerStreamingHandler<I, O>
    : DescMethod extends M
      ? // An untyped DescService (not generated code): nothing better than either shape is known.
        GrpcUnaryHandler<DescMessage, DescMessage> | GrpcServerStreamingHandler<DescMessage, DescMessage>
      : never;

/**
 * An implementation of a protobuf-es service: one handler per method, keyed by the method's `localName`, typed
 * from the generated descriptor (`GenService`) so requests and responses carry the generated message types.
 */
export type GrpcServiceImplementation<S extends DescService> = {
  readonly [K in keyof S['method']]: GrpcHandlerFor<S['method'][K]>;
};
