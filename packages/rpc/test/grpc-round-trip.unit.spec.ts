import { credentials, Client, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createGrpcClient,
  ERROR_KIND_METADATA_KEY,
  FIELD_METADATA_KEY,
  registerGrpcService,
  startGrpcServer,
  type GrpcClient,
  type StartedGrpcServer,
  type UnexpectedErrorReporter,
} from '../src/index.ts';
import { anEchoServiceImplementation, noObservations } from './echo-service-implementation.ts';
import { EchoService, type EchoResponse } from './gen/vezel/rpctest/v1/echo_pb.js';

describe('gRPC adapter over a loopback server', () => {
  const observations = noObservations();
  const reportUnexpectedError = vi.fn<UnexpectedErrorReporter>();
  let server: StartedGrpcServer;
  let client: GrpcClient<typeof EchoService>;

  beforeAll(async () => {
    server = await startGrpcServer({
      port: 0,
      register: (grpcServer) =>
        registerGrpcService(grpcServer, EchoService, anEchoServiceImplementation(observations), {
          reportUnexpectedError,
        }),
    });
    client = createGrpcClient(EchoService, server.address);
  });

  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('binds port 0 to a free port and reports the bound one', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  it('round-trips a unary call with an int64 beyond 2^53 as a bigint', async () => {
    const grams = 2n ** 60n + 7n;

    const response = await client.echo({ text: 'hello', grams });

    expect(response.text).toBe('hello');
    expect(response.grams).toBe(grams);
    expect(response.$typeName).toBe('vezel.rpctest.v1.EchoResponse');
  });

  it('passes request metadata and the deadline to the handler', async () => {
    const before = Date.now();

    await client.echo({ text: 'x' }, { timeoutMs: 5_000, metadata: { 'x-test-trace': 'abc' } });

    expect(observations.lastTraceHeader).toBe('abc');
    expect(observations.lastDeadline?.getTime()).toBeGreaterThan(before);
    expect(observations.lastDeadline?.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('streams server responses as an async iterable', async () => {
    const received: EchoResponse[] = [];

    for await (const response of client.echoStream({ text: 's', grams: 10n, count: 3 })) received.push(response);

    expect(received.map((response) => [response.index, response.grams])).toEqual([
      [1, 10n],
      [2, 20n],
      [3, 30n],
    ]);
  });

  it('ends a stream with the mapped error after the responses already sent', async () => {
    const received: number[] = [];

    const iterate = async () => {
      for await (const response of client.echoStream({ text: 's', grams: 1n, count: 5, failAfter: 2 })) {
        received.push(response.index);
      }
    };

    const error = await rejectionOf(iterate());
    expect(received).toEqual([1, 2]);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.metadata.get(FIELD_METADATA_KEY)).toEqual(['outputs[2].grams']);
  });

  it('cancels the server-side stream when the client stops iterating early', async () => {
    observations.streamCancelled = false;

    for await (const response of client.echoStream({ text: 's', grams: 1n, count: 1_000, delayMs: 20 })) {
      if (response.index === 2) break;
    }

    await vi.waitFor(() => expect(observations.streamCancelled).toBe(true));
  });

  it('fails a call that outlives its deadline with DEADLINE_EXCEEDED', async () => {
    const iterate = async () => {
      for await (const _ of client.echoStream({ count: 100, delayMs: 50 }, { timeoutMs: 120 })) {
        // drain
      }
    };

    const error = await rejectionOf(iterate());

    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
  });

  it('cancels a unary call when its abort signal fires', async () => {
    const controller = new AbortController();
    controller.abort();

    const error = await rejectionOf(client.echo({ text: 'x' }, { signal: controller.signal }));

    expect(error.code).toBe(status.CANCELLED);
  });

  describe('maps thrown errors to gRPC statuses', () => {
    it('maps InvalidInputError to INVALID_ARGUMENT and names the field in the trailers and the message', async () => {
      const error = await rejectionOf(client.echo({ fail: 'invalid' }));

      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toBe('outputs[2].grams: must be a positive integer number of grams');
      expect(error.metadata.get(FIELD_METADATA_KEY)).toEqual(['outputs[2].grams']);
      expect(error.metadata.get(ERROR_KIND_METADATA_KEY)).toEqual(['InvalidInput']);
    });

    it('rejects a string holding U+0000 (PostgreSQL cannot store it) as INVALID_ARGUMENT naming the field', async () => {
      const error = await rejectionOf(client.echo({ text: 'B-\u0000-1' }));

      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.metadata.get(FIELD_METADATA_KEY)).toEqual(['text']);
    });

    it.each([
      ['not-found', status.NOT_FOUND, 'NotFound'],
      ['conflict', status.ALREADY_EXISTS, 'Conflict'],
      ['mass', status.FAILED_PRECONDITION, 'MassNotConserved'],
      ['illegal-transition', status.FAILED_PRECONDITION, 'IllegalTransition'],
    ])('maps a %s error to status %i and tells the kind apart in the trailers', async (fail, code, kind) => {
      const error = await rejectionOf(client.echo({ fail }));

      expect(error.code).toBe(code);
      expect(error.metadata.get(ERROR_KIND_METADATA_KEY)).toEqual([kind]);
      expect(error.metadata.get(FIELD_METADATA_KEY)).toEqual([]);
    });

    it('maps an unexpected Error to INTERNAL without leaking its message, and reports it', async () => {
      reportUnexpectedError.mockClear();

      const error = await rejectionOf(client.echo({ fail: 'boom' }));

      expect(error.code).toBe(status.INTERNAL);
      expect(error.details).not.toContain('hunter2');
      expect(error.metadata.get(ERROR_KIND_METADATA_KEY)).toEqual([]);
      const [reported, context] = reportUnexpectedError.mock.lastCall ?? [];
      expect(reported).toBeInstanceOf(Error);
      expect((reported as Error).message).toContain('hunter2');
      expect(context).toEqual({
        transport: 'grpc',
        operation: '/vezel.rpctest.v1.EchoService/Echo',
        service: 'vezel.rpctest.v1.EchoService',
      });
    });

    it('answers an undecodable request with INVALID_ARGUMENT, not INTERNAL', async () => {
      const raw = new Client(server.address, credentials.createInsecure());
      try {
        const error = await rejectionOf(
          new Promise((resolve, reject) => {
            raw.makeUnaryRequest(
              '/vezel.rpctest.v1.EchoService/Echo',
              (bytes: Buffer) => bytes,
              (bytes: Buffer) => bytes,
              Buffer.from([0x0a, 0xff]), // field 1, length 255, but no bytes follow
              new Metadata(),
              (error, value) => (error === null ? resolve(value) : reject(error)),
            );
          }),
        );
        expect(error.code).toBe(status.INVALID_ARGUMENT);
      } finally {
        raw.close();
      }
    });
  });

  describe('health service', () => {
    it('reports SERVING for the server and for registered services, NOT_FOUND for others', async () => {
      const raw = new Client(server.address, credentials.createInsecure());
      try {
        expect(await checkHealth(raw, '')).toEqual(Buffer.from([0x08, 0x01]));
        expect(await checkHealth(raw, 'vezel.rpctest.v1.EchoService')).toEqual(Buffer.from([0x08, 0x01]));
        expect((await rejectionOf(checkHealth(raw, 'nope.Service'))).code).toBe(status.NOT_FOUND);
      } finally {
        raw.close();
      }
    });
  });
});

describe('server-streaming handlers that write with send', () => {
  it('streams what the handler sends and ends when it resolves', async () => {
    const started = await startGrpcServer({
      port: 0,
      register: (grpcServer) =>
        registerGrpcService(grpcServer, EchoService, {
          echo: async (request) => ({ text: request.text }),
          echoStream: async (request, _context, send) => {
            for (let index = 1; index <= request.count; index += 1) await send({ text: request.text, index });
          },
        }),
    });
    const client = createGrpcClient(EchoService, started.address);
    try {
      const received: string[] = [];

      for await (const response of client.echoStream({ text: 'w', count: 2 })) {
        received.push(`${response.text}${response.index}`);
      }

      expect(received).toEqual(['w1', 'w2']);
    } finally {
      client.close();
      await started.close();
    }
  });
});

describe('gRPC server lifecycle', () => {
  it('refuses to register a service with a missing handler', async () => {
    const error = await rejectionOf(
      startGrpcServer({
        port: 0,
        // @ts-expect-error the implementation lacks echoStream on purpose
        register: (grpcServer) => registerGrpcService(grpcServer, EchoService, { echo: async () => ({}) }),
      }),
    );

    expect(error.message).toContain('no handler for method echoStream');
  });

  it('lets an in-flight call finish when closed gracefully', async () => {
    const started = await startGrpcServer({
      port: 0,
      register: (grpcServer) =>
        registerGrpcService(grpcServer, EchoService, anEchoServiceImplementation(noObservations())),
    });
    const client = createGrpcClient(EchoService, started.address);
    try {
      const received: number[] = [];
      const streaming = (async () => {
        for await (const response of client.echoStream({ count: 3, delayMs: 50, grams: 1n }))
          received.push(response.index);
      })();
      await vi.waitFor(() => expect(received.length).toBeGreaterThan(0));

      await started.close({ timeoutMs: 5_000 });
      await streaming;

      expect(received).toEqual([1, 2, 3]);
    } finally {
      client.close();
    }
  });

  it('cancels calls still running when the shutdown timeout passes', async () => {
    const started = await startGrpcServer({
      port: 0,
      register: (grpcServer) =>
        registerGrpcService(grpcServer, EchoService, anEchoServiceImplementation(noObservations())),
    });
    const client = createGrpcClient(EchoService, started.address);
    try {
      let received = 0;
      const streaming = (async () => {
        for await (const _ of client.echoStream({ count: 1_000, delayMs: 20 })) received += 1;
      })();
      await vi.waitFor(() => expect(received).toBeGreaterThan(0));

      const closedAt = Date.now();
      await started.close({ timeoutMs: 100 });

      expect(Date.now() - closedAt).toBeLessThan(2_000);
      expect((await rejectionOf(streaming)).code).toBeOneOf([status.CANCELLED, status.UNAVAILABLE, status.INTERNAL]);
    } finally {
      client.close();
    }
  });
});

function checkHealth(client: Client, service: string): Promise<Buffer | undefined> {
  const name = Buffer.from(service, 'utf8');
  const request = service === '' ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      request,
      new Metadata(),
      (error, value) => (error === null ? resolve(value) : reject(error)),
    );
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the promise to reject');
}
