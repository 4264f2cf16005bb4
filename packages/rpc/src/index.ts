// gRPC: protobuf-es services on grpc-js.
export { registerGrpcService, type RegisterGrpcServiceOptions } from './register-grpc-service.ts';
export type {
  GrpcCallContext,
  GrpcServiceImplementation,
  GrpcUnaryHandler,
  GrpcServerStreamingHandler,
} from './grpc-service-implementation.ts';
export {
  createGrpcClient,
  type GrpcClient,
  type GrpcClientOptions,
  type GrpcCallOptions,
} from './create-grpc-client.ts';
export { startGrpcServer, type StartGrpcServerOptions, type StartedGrpcServer } from './start-grpc-server.ts';
export { FIELD_METADATA_KEY, ERROR_KIND_METADATA_KEY } from './to-grpc-status-object.ts';

// HTTP: the express app and server every service uses.
export { createHttpApp, type HttpAppOptions } from './create-http-app.ts';
export type { ReadinessCheck, ReadinessCheckResult } from './create-readiness-handler.ts';
export { startHttpServer, type StartHttpServerOptions, type StartedHttpServer } from './start-http-server.ts';
export { bigintJsonReplacer } from './bigint-json-replacer.ts';
export { sendProblem } from './send-problem.ts';

// Validating JSON bodies.
export {
  readJson,
  type JsonObjectReader,
  type StringOptions,
  type IntegerOptions,
  type GramsOptions,
  type ArrayOptions,
} from './read-json.ts';

// Shared.
export {
  reportUnexpectedErrorToStderr,
  type UnexpectedErrorReporter,
  type UnexpectedErrorContext,
} from './unexpected-error-reporter.ts';
export { fromProtoTimestamp } from './from-proto-timestamp.ts';
export type { TlsCertificate } from './tls-certificate.ts';
