import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardRouter } from '../../src/adapters/http/dashboard-routes.ts';
import { LEDGER_FACT_TYPES } from '../../src/domain/index.ts';

describe('the partner page’s live feed', () => {
  let server: Server;
  let root: string;
  beforeAll(async () => {
    server = express().use(createDashboardRouter()).listen(0, '127.0.0.1');
    await once(server, 'listening');
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('listens for every event type the feed sends: the ledger serves their names from its own list', async () => {
    const response = await fetch(`${root}/dashboard/feed-event-types.js`);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const source = await response.text();
    const served = (await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(source)}`)) as {
      readonly FEED_EVENT_TYPES: unknown;
    };
    expect(served.FEED_EVENT_TYPES).toEqual(LEDGER_FACT_TYPES);
  });
});
