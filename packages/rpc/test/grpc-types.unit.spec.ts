import { describe, expectTypeOf, it } from 'vitest';
import type { GrpcClient, GrpcServiceImplementation } from '../src/index.ts';
import type { EchoResponse, EchoService } from './gen/vezel/rpctest/v1/echo_pb.js';

// These assertions are checked by `tsc -p packages/rpc`; at run time the spec only has to load.
describe('types derived from a generated service descriptor', () => {
  it('gives a unary client method the generated request init and response types', () => {
    expectTypeOf<GrpcClient<typeof EchoService>['echo']>()
      .parameter(0)
      .toHaveProperty('grams')
      .toEqualTypeOf<bigint | undefined>();
    expectTypeOf<GrpcClient<typeof EchoService>['echo']>().returns.resolves.toEqualTypeOf<EchoResponse>();
  });

  it('gives a server-streaming client method an async iterable of the response type', () => {
    expectTypeOf<GrpcClient<typeof EchoService>['echoStream']>().returns.toEqualTypeOf<AsyncIterable<EchoResponse>>();
  });

  it('requires a handler for every method and types its request', () => {
    type Implementation = GrpcServiceImplementation<typeof EchoService>;
    expectTypeOf<keyof Implementation>().toEqualTypeOf<'echo' | 'echoStream'>();
    expectTypeOf<Parameters<Implementation['echo']>[0]['grams']>().toEqualTypeOf<bigint>();

    // @ts-expect-error grams is int64, so a number is not a valid response field
    const wrongResponse: Implementation['echo'] = async () => ({ grams: 5 });
    expectTypeOf(wrongResponse).not.toBeNever();
  });
});
