import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { createPgliteDb } from '@vezel/db';
import { eventually } from '@vezel/testing';
import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import type { ServiceModule } from '../src/service-module.ts';
import { startServiceModule } from '../src/start-service-module.ts';

/** A module with one route and nothing else: what a stop does around it is what is tested. */
function aModule(): ServiceModule {
  const routes = Router();
  routes.get('/v1/probe/ping', (_req, res) => {
    res.json({ pong: true });
  });
  return {
    name: 'probe',
    migrations: [],
    httpRoutes: [routes],
    registerGrpc: () => undefined,
    readinessChecks: [],
    start: async () => undefined,
    stop: async () => undefined,
  };
}

/** grpc.health.v1 status of the whole server: 1 SERVING, 2 NOT_SERVING (the response's one enum field). */
function healthOf(address: string): Promise<number> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise<number>((resolve, reject) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      Buffer.alloc(0),
      new Metadata(),
      (error, value) => (error === null ? resolve(value?.[1] ?? 0) : reject(error)),
    );
  }).finally(() => client.close());
}

describe('a service module stopping with a shutdown delay (SHUTDOWN_DELAY_MS)', () => {
  it('reports not ready on /readyz and gRPC health while it still serves requests, then stops accepting them', async () => {
    const db = await createPgliteDb();
    const running = await startServiceModule(aModule(), { db, httpPort: 0, grpcPort: 0, shutdownDelayMs: 3_000 });
    const base = `http://127.0.0.1:${running.http.port}`;
    const grpcAddress = `127.0.0.1:${running.grpc.port}`;
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect(await healthOf(grpcAddress)).toBe(1);

      const stopped = running.stop();
      await eventually(async () => (await fetch(`${base}/readyz`)).status === 503, {
        description: '/readyz answers 503',
      });
      const problem = (await (await fetch(`${base}/readyz`)).json()) as { detail?: string };
      expect(JSON.stringify(problem)).toContain('shutdown');
      expect(await healthOf(grpcAddress)).toBe(2);
      // Still serving: whatever a load balancer routed before it noticed is answered.
      expect(await (await fetch(`${base}/v1/probe/ping`)).json()).toEqual({ pong: true });

      await stopped;
      await expect(fetch(`${base}/v1/probe/ping`)).rejects.toThrow();
    } finally {
      await running.stop();
      await db.close();
    }
  }, 15_000);
});
