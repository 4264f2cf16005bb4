import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConflictError,
  IllegalTransitionError,
  InvalidInputError,
  MassNotConservedError,
  NotFoundError,
} from '@vezel/errors';
import type { GrpcServiceImplementation } from '../src/index.ts';
import type { EchoService } from './gen/vezel/rpctest/v1/echo_pb.js';

/** Failures the Echo test service throws on request, by the name put in `fail`. */
export function failureNamed(name: string): Error {
  switch (name) {
    case 'invalid':
      return new InvalidInputError('must be a positive integer number of grams', { field: 'outputs[2].grams' });
    case 'not-found':
      return new NotFoundError('batch b-1 does not exist', { details: { batchId: 'b-1' } });
    case 'conflict':
      return new ConflictError('batch b-1 already exists');
    case 'illegal-transition':
      return new IllegalTransitionError('lot l-1 is not held');
    case 'mass':
      return new MassNotConservedError('outputs exceed inputs by 5 g');
    default:
      return new Error(`database password is hunter2 (${name})`);
  }
}

type EchoImplementation = GrpcServiceImplementation<typeof EchoService>;

/** Events the Echo service saw, so tests can assert on cancellation and context. */
export interface EchoObservations {
  streamCancelled: boolean;
  lastDeadline: Date | undefined;
  lastTraceHeader: string | undefined;
}

/** Observations before any call. */
export function noObservations(): EchoObservations {
  return { streamCancelled: false, lastDeadline: undefined, lastTraceHeader: undefined };
}

/** A test implementation of the Echo service: echoes, streams, or fails as the request asks. */
export function anEchoServiceImplementation(observations: EchoObservations): EchoImplementation {
  return {
    async echo(request, context) {
      observations.lastDeadline = context.deadline;
      const trace = context.metadata.get('x-test-trace')[0];
      observations.lastTraceHeader = typeof trace === 'string' ? trace : undefined;
      if (request.fail !== '') throw failureNamed(request.fail);
      return { text: request.text, grams: request.grams, index: 0 };
    },
    async *echoStream(request, context) {
      try {
        for (let index = 1; index <= request.count; index += 1) {
          if (request.failAfter !== 0 && index > request.failAfter) throw failureNamed('invalid');
          if (request.delayMs > 0) await sleep(request.delayMs, undefined, { signal: context.signal });
          yield { text: request.text, grams: request.grams * BigInt(index), index };
        }
      } finally {
        if (context.signal.aborted) observations.streamCancelled = true;
      }
    },
  };
}
