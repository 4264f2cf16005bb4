import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@vezel/telemetry';
import { eventually } from '@vezel/testing';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { logRequests } from '../src/log-requests.ts';

describe('logRequests', () => {
  it('writes a debug line per request with its route, path and status, and neither query nor headers', async () => {
    const lines: string[] = [];
    const app = express();
    app.use(logRequests(createLogger('sorting', { level: 'debug', write: (line) => lines.push(line) })));
    app.get('/v1/sorting/runs/:runId', (_req, res) => void res.json({ ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const found = await fetch(`${base}/v1/sorting/runs/r-1?token=query-secret`, {
        headers: { authorization: 'Bearer header-secret' },
      });
      const missing = await fetch(`${base}/nowhere`);
      expect([found.status, missing.status]).toEqual([200, 404]);

      await eventually(() => lines.length === 2, { description: 'two request lines' });
      expect(lines.join('\n')).not.toMatch(/query-secret|header-secret/);
      const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(first).toMatchObject({
        level: 'debug',
        msg: 'request',
        method: 'GET',
        route: '/v1/sorting/runs/:runId',
        path: '/v1/sorting/runs/r-1',
        status: 200,
        durationMs: expect.any(Number) as unknown,
      });
      expect(second).toMatchObject({ route: '(unmatched)', path: '/nowhere', status: 404 });
    } finally {
      server.close();
    }
  });
});
