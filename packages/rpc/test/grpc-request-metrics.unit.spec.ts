import { prometheusTestEnvironment, type PrometheusTestEnvironment } from '@vezel/testing';
import { startTelemetry, type Telemetry } from '@vezel/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGrpcClient,
  registerGrpcService,
  startGrpcServer,
  type GrpcClient,
  type StartedGrpcServer,
} from '../src/index.ts';
import { anEchoServiceImplementation, noObservations } from './echo-service-implementation.ts';
import { EchoService } from './gen/vezel/rpctest/v1/echo_pb.js';

// Every call through registerGrpcService is measured, as Prometheus scrapes it from a started SDK: by method and
// status name, a stream for as long as it runs.
describe('gRPC request metrics', () => {
  let telemetry: Telemetry;
  let environment: PrometheusTestEnvironment | undefined;
  let metricsUrl: string;
  let server: StartedGrpcServer;
  let client: GrpcClient<typeof EchoService>;

  beforeAll(async () => {
    environment = await prometheusTestEnvironment();
    telemetry = await startTelemetry({ serviceName: 'rpc-test', prometheusPort: environment.port });
    metricsUrl = environment.metricsUrl;
    server = await startGrpcServer({
      port: 0,
      register: (grpcServer) =>
        registerGrpcService(grpcServer, EchoService, anEchoServiceImplementation(noObservations()), {
          reportUnexpectedError: () => undefined,
        }),
    });
    client = createGrpcClient(EchoService, server.address);
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    await telemetry?.shutdown();
    environment?.restore();
  });

  it('records each call’s duration under its method and status', async () => {
    await client.echo({ text: 'a' });
    await client.echo({ text: 'b' });
    await expect(client.echo({ fail: 'not-found' })).rejects.toThrow();
    const streamed = [];
    for await (const response of client.echoStream({ count: 3 })) streamed.push(response);
    await expect(async () => {
      for await (const response of client.echoStream({ count: 5, failAfter: 1 })) streamed.push(response);
    }).rejects.toThrow();
    expect(streamed).toHaveLength(4);

    const scrape = await (await fetch(metricsUrl)).text();

    const count = (operation: string, status: string): RegExp =>
      new RegExp(
        `^vezel_request_duration_count\\{transport="grpc",operation="vezel\\.rpctest\\.v1\\.EchoService/${operation}",` +
          `status="${status}"[^}]*\\} (\\d+)$`,
        'm',
      );
    expect(scrape.match(count('Echo', 'OK'))?.[1]).toBe('2');
    expect(scrape.match(count('Echo', 'NOT_FOUND'))?.[1]).toBe('1');
    expect(scrape.match(count('EchoStream', 'OK'))?.[1]).toBe('1');
    expect(scrape.match(count('EchoStream', 'INVALID_ARGUMENT'))?.[1]).toBe('1');
  });
});
