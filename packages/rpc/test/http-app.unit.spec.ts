import {
  ConflictError,
  IllegalTransitionError,
  MassNotConservedError,
  NotFoundError,
  UnavailableError,
} from '@vezel/errors';
import express, { type RequestHandler } from 'express';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import {
  createHttpApp,
  readJson,
  startHttpServer,
  type HttpAppOptions,
  type StartedHttpServer,
  type UnexpectedErrorReporter,
} from '../src/index.ts';

const started: StartedHttpServer[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close({ timeoutMs: 1_000 })));
});

/** Starts an app on a free loopback port with the given routes; stopped after each test. */
async function anAppServing(
  routes: RequestHandler[],
  options: Partial<HttpAppOptions> = {},
): Promise<{ url: string; server: StartedHttpServer; reportUnexpectedError: Mock<UnexpectedErrorReporter> }> {
  const reportUnexpectedError = vi.fn<UnexpectedErrorReporter>();
  const app = createHttpApp({ serviceName: 'test-service', routes, reportUnexpectedError, ...options });
  const server = await startHttpServer(app, { port: 0 });
  started.push(server);
  return { url: server.url, server, reportUnexpectedError };
}

function aBatchRouter(): express.Router {
  const router = express.Router();
  router.post('/v1/batches', (req, res) => {
    const batch = readJson(req.body, (input) => ({
      batchId: input.string('batchId', { maxLength: 128 }),
      grams: input.grams('grams'),
    }));
    if (batch.batchId === 'taken') throw new ConflictError('batch taken already exists', { field: 'batchId' });
    if (batch.grams > 1_000_000n) {
      throw new MassNotConservedError('more than the container holds', { details: { heldGrams: 1_000_000n } });
    }
    res.status(201).json(batch);
  });
  router.post('/v1/batches/:id/close', (req, res) => {
    res.json({ closed: req.params.id, body: (req.body as unknown) ?? null });
  });
  router.get('/v1/batches/:id', (req) => {
    throw new NotFoundError(`batch ${req.params.id} does not exist`);
  });
  router.post('/v1/lots/:id/dispatch', (req) => {
    throw new IllegalTransitionError(`lot ${req.params.id} is not held`, {
      details: { status: 'dispatched', type: 'store' },
    });
  });
  router.get('/v1/huge', (_req, res) => {
    res.json({ grams: 2n ** 60n });
  });
  router.get('/v1/boom', async () => {
    throw new Error('connection to postgres://admin:secret@db failed');
  });
  return router;
}

function openConnections(server: StartedHttpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.getConnections((error, count) => (error === null ? resolve(count) : reject(error)));
  });
}

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown>;
}

describe('HTTP app', () => {
  it('accepts a valid JSON command and writes bigint grams as JSON numbers', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: 'b-1', grams: 12_500 }),
    });

    expect(response.status).toBe(201);
    expect(await response.text()).toBe('{"batchId":"b-1","grams":12500}');
  });

  it('answers malformed JSON with 400 problem+json naming the body', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"batchId": "b-1",',
    });

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ status: 400, field: 'body', title: 'Invalid input' });
  });

  it('answers a top-level JSON string with 400, since bodies are objects or arrays', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '"b-1"',
    });

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ field: 'body' });
  });

  it('names the invalid field of a well-formed body', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: 'b-1', grams: -5 }),
    });

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      field: 'grams',
      detail: 'must be a positive integer number of grams',
      instance: '/v1/batches',
    });
  });

  it('answers a body over the limit with 413 problem+json', async () => {
    const { url } = await anAppServing([aBatchRouter()], { bodyLimit: '1kb' });

    const response = await fetch(`${url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: 'x'.repeat(2_000), grams: 1 }),
    });

    expect(response.status).toBe(413);
    expect(await problemOf(response)).toMatchObject({ status: 413, title: 'Payload too large', field: 'body' });
  });

  it('answers a non-JSON body on POST with 415 problem+json', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'batchId=b-1',
    });

    expect(response.status).toBe(415);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 415, field: 'body' });
    expect(problem['detail']).toBe('the request body must be application/json, not text/plain');
  });

  it('answers a form-encoded PUT with 415 too', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches`, { method: 'PUT', body: new URLSearchParams({ a: 'b' }) });

    expect(response.status).toBe(415);
  });

  it('lets a POST without a body through, for commands that live in the path', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches/b-1/close`, { method: 'POST' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ closed: 'b-1', body: null });
  });

  it('accepts structured-syntax JSON types like application/merge-patch+json', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches/b-1/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{"reason":"full"}',
    });

    expect(await response.json()).toEqual({ closed: 'b-1', body: { reason: 'full' } });
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/nothing-here?token=secret`);

    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      status: 404,
      type: 'https://vezel.dev/problems/not-found',
      instance: '/v1/nothing-here',
    });
  });

  it('answers a path parameter that is not valid percent-encoding with 400, not 500', async () => {
    const { url, reportUnexpectedError } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches/%E0%A4%A`);

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(reportUnexpectedError).not.toHaveBeenCalled();
  });

  it.each([
    ['a NotFoundError', 'GET', '/v1/batches/b-9', undefined, 404, 'not-found'],
    ['a ConflictError', 'POST', '/v1/batches', { batchId: 'taken', grams: 1 }, 409, 'conflict'],
    ['a MassNotConservedError', 'POST', '/v1/batches', { batchId: 'b-2', grams: 2_000_000 }, 422, 'mass-not-conserved'],
  ])('maps %s thrown by a route to its problem+json', async (_name, method, path, body, status, type) => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

    expect(response.status).toBe(status);
    expect(await problemOf(response)).toMatchObject({ status, type: `https://vezel.dev/problems/${type}` });
  });

  it('keeps the problem status and type when a domain error has details named status or type', async () => {
    const { url, reportUnexpectedError } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/lots/l-1/dispatch`, { method: 'POST' });

    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({
      status: 409,
      type: 'https://vezel.dev/problems/illegal-transition',
      detail: 'lot l-1 is not held',
    });
    expect(reportUnexpectedError).not.toHaveBeenCalled();
  });

  it('writes bigint details of a domain error as JSON numbers', async () => {
    const { url } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: 'b-2', grams: 2_000_000 }),
    });

    expect(await response.json()).toMatchObject({ heldGrams: 1_000_000 });
  });

  it('answers an unexpected error with a 500 that hides the cause, and reports it', async () => {
    const { url, reportUnexpectedError } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/boom`);

    expect(response.status).toBe(500);
    const body = JSON.stringify(await problemOf(response));
    expect(body).not.toContain('secret');
    const [reported, context] = reportUnexpectedError.mock.lastCall ?? [];
    expect((reported as Error).message).toContain('secret');
    expect(context).toEqual({ transport: 'http', operation: 'GET /v1/boom', service: 'test-service' });
  });

  it('fails loudly with a 500 rather than round a bigint beyond 2^53', async () => {
    const { url, reportUnexpectedError } = await anAppServing([aBatchRouter()]);

    const response = await fetch(`${url}/v1/huge`);

    expect(response.status).toBe(500);
    expect(reportUnexpectedError).toHaveBeenCalledWith(expect.any(RangeError), expect.anything());
  });

  it('refuses routes added after creation, which would sit behind the 404 handler', () => {
    const app = createHttpApp({ serviceName: 'test-service', routes: [] });

    expect(() => app.use(express.Router())).toThrow(/createHttpApp\(\{ routes \}\)/);
    expect(() => app.post('/late', () => undefined)).toThrow(/routes added later/);
    expect(() => app.get('/late', () => undefined)).toThrow(/routes added later/);
    expect(app.get('json replacer')).toBeTypeOf('function');
  });

  describe('health endpoints', () => {
    it('answers GET /healthz with 200 ok', async () => {
      const { url } = await anAppServing([]);

      const response = await fetch(`${url}/healthz`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', service: 'test-service' });
    });

    it('answers GET /readyz with 200 and each check when all pass', async () => {
      const { url } = await anAppServing([], {
        readinessChecks: [
          { name: 'database', check: async () => undefined },
          { name: 'broker', check: async () => undefined },
        ],
      });

      const response = await fetch(`${url}/readyz`);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ready',
        checks: [
          { name: 'database', status: 'ok' },
          { name: 'broker', status: 'ok' },
        ],
      });
    });

    it('answers GET /readyz with 503 problem+json naming the failing and the timed-out checks', async () => {
      let aborted = false;
      const { url, reportUnexpectedError } = await anAppServing([], {
        readinessTimeoutMs: 100,
        readinessChecks: [
          { name: 'database', check: async () => undefined },
          {
            name: 'broker',
            check: async () => {
              throw new Error('ECONNREFUSED 10.0.0.7:9092');
            },
          },
          {
            name: 'outbox',
            check: (signal) =>
              new Promise((resolve) => {
                signal.addEventListener('abort', () => {
                  aborted = true;
                  resolve();
                });
              }),
          },
          {
            name: 'ledger',
            check: async () => {
              throw new UnavailableError('ledger is rebuilding');
            },
          },
        ],
      });

      const response = await fetch(`${url}/readyz`);

      expect(response.status).toBe(503);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({
        status: 503,
        detail: 'readiness checks "broker", "outbox", "ledger" failed',
        checks: [
          { name: 'database', status: 'ok' },
          { name: 'broker', status: 'failed' },
          { name: 'outbox', status: 'timed-out' },
          { name: 'ledger', status: 'failed', reason: 'ledger is rebuilding' },
        ],
      });
      expect(JSON.stringify(problem)).not.toContain('10.0.0.7');
      expect(aborted).toBe(true);
      expect(reportUnexpectedError).toHaveBeenCalledTimes(1);
    });
  });

  describe('graceful close', () => {
    it('finishes a request in flight, refuses new connections, and resolves once the last one is done', async () => {
      let release: () => void = () => undefined;
      let markEntered: () => void = () => undefined;
      const entered = new Promise<void>((resolve) => {
        markEntered = resolve;
      });
      const slow = express.Router().get('/v1/slow', async (_req, res) => {
        markEntered();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        res.json({ done: true });
      });
      const { url, server } = await anAppServing([slow]);

      const inFlight = fetch(`${url}/v1/slow`);
      await entered;
      let closed = false;
      const closing = server.close({ timeoutMs: 5_000 }).then(() => {
        closed = true;
      });

      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      expect(closed).toBe(false);
      release();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toEqual({ done: true });
      await closing;
      expect(closed).toBe(true);
    });

    it('closes idle keep-alive connections at once instead of waiting for their timeout', async () => {
      const { url, server } = await anAppServing([]);
      await (await fetch(`${url}/healthz`)).text(); // leaves a pooled keep-alive connection

      const before = Date.now();
      await server.close({ timeoutMs: 10_000 });

      expect(Date.now() - before).toBeLessThan(1_000);
    });

    it('destroys connections still busy when the timeout passes', async () => {
      const hang = express.Router().get('/v1/hang', () => undefined);
      const { url, server } = await anAppServing([hang]);
      const hanging = fetch(`${url}/v1/hang`);
      await vi.waitFor(() => expect(openConnections(server)).resolves.toBeGreaterThan(0));

      await server.close({ timeoutMs: 100 });

      await expect(hanging).rejects.toThrow();
    });
  });
});
