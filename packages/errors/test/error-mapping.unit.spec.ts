import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  GrpcStatus,
  IllegalTransitionError,
  InvalidInputError,
  MassNotConservedError,
  NotFoundError,
  UnavailableError,
  isDomainError,
  toGrpcStatus,
  toProblemDetails,
} from '../src/index.ts';

describe('error taxonomy', () => {
  it.each([
    [
      new InvalidInputError('must be a positive integer number of grams', { field: 'grams' }),
      400,
      GrpcStatus.INVALID_ARGUMENT,
    ],
    [new NotFoundError('batch B-1 does not exist'), 404, GrpcStatus.NOT_FOUND],
    [new ConflictError('command id reused with another body'), 409, GrpcStatus.ALREADY_EXISTS],
    [new IllegalTransitionError('lot L-1 was already dispatched'), 409, GrpcStatus.FAILED_PRECONDITION],
    [new MassNotConservedError('outputs and loss exceed inputs by 12 g'), 422, GrpcStatus.FAILED_PRECONDITION],
    [new UnavailableError('database unreachable'), 503, GrpcStatus.UNAVAILABLE],
  ])('maps %s to HTTP %i and gRPC %i', (error, httpStatus, grpcStatus) => {
    expect(toProblemDetails(error).status).toBe(httpStatus);
    expect(toGrpcStatus(error).code).toBe(grpcStatus);
  });

  it('names the offending field in problem details and in the gRPC message', () => {
    const error = new InvalidInputError('must be a positive integer number of grams', { field: 'outputs[2].grams' });
    expect(toProblemDetails(error, '/v1/sorting/runs')).toEqual({
      type: 'https://vezel.dev/problems/invalid-input',
      title: 'Invalid input',
      status: 400,
      detail: 'must be a positive integer number of grams',
      field: 'outputs[2].grams',
      instance: '/v1/sorting/runs',
    });
    expect(toGrpcStatus(error)).toEqual({
      code: GrpcStatus.INVALID_ARGUMENT,
      message: 'outputs[2].grams: must be a positive integer number of grams',
      field: 'outputs[2].grams',
    });
  });

  it('carries details as extension members without letting them replace standard ones', () => {
    const error = new MassNotConservedError('not enough grams held', {
      details: { status: 'held', type: 'lot', availableGrams: 1200 },
    });
    const problem = toProblemDetails(error);
    expect(problem.status).toBe(422);
    expect(problem.type).toBe('https://vezel.dev/problems/mass-not-conserved');
    expect(problem['availableGrams']).toBe(1200);
  });

  it('hides the message of an unexpected error', () => {
    const problem = toProblemDetails(new Error('password=secret at db.internal'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
    expect(toGrpcStatus(new Error('secret')).code).toBe(GrpcStatus.INTERNAL);
  });

  it('marks only unavailability as retriable', () => {
    expect(new UnavailableError('broker down').retriable).toBe(true);
    expect(new ConflictError('x').retriable).toBe(false);
    expect(isDomainError(new NotFoundError('x'))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
