import { isDomainError, type ErrorKind } from './domain-error.ts';

/**
 * gRPC status codes (numerically identical to `@grpc/grpc-js`'s `status` enum), kept here so the taxonomy can be
 * mapped without depending on a transport library.
 */
export const GrpcStatus = {
  OK: 0,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

const grpcStatusByKind: Readonly<Record<ErrorKind, GrpcStatusCode>> = {
  InvalidInput: GrpcStatus.INVALID_ARGUMENT,
  Unauthenticated: GrpcStatus.UNAUTHENTICATED,
  Forbidden: GrpcStatus.PERMISSION_DENIED,
  RateLimited: GrpcStatus.RESOURCE_EXHAUSTED,
  NotFound: GrpcStatus.NOT_FOUND,
  Conflict: GrpcStatus.ALREADY_EXISTS,
  IllegalTransition: GrpcStatus.FAILED_PRECONDITION,
  MassNotConserved: GrpcStatus.FAILED_PRECONDITION,
  Unavailable: GrpcStatus.UNAVAILABLE,
};

/** The gRPC status, message and the offending field for any thrown value. */
export function toGrpcStatus(error: unknown): { code: GrpcStatusCode; message: string; field?: string } {
  if (isDomainError(error)) {
    return {
      code: grpcStatusByKind[error.kind],
      message: error.field === undefined ? error.message : `${error.field}: ${error.message}`,
      ...(error.field === undefined ? {} : { field: error.field }),
    };
  }
  return { code: GrpcStatus.INTERNAL, message: 'An unexpected error occurred; it has been logged.' };
}
