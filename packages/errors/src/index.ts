export {
  DomainError,
  InvalidInputError,
  UnauthenticatedError,
  ForbiddenError,
  RateLimitedError,
  NotFoundError,
  ConflictError,
  IllegalTransitionError,
  MassNotConservedError,
  UnavailableError,
  isDomainError,
  type ErrorKind,
  type DomainErrorOptions,
} from './domain-error.ts';
export {
  toProblemDetails,
  problemTypeUri,
  httpStatusOf,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
} from './problem-details.ts';
export { toGrpcStatus, GrpcStatus, type GrpcStatusCode } from './grpc-status.ts';
export { assertNever } from './assert-never.ts';
export { errorChain } from './error-chain.ts';
export { errorChainMessage } from './error-chain-message.ts';
