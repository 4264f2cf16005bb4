import { createApiKey, openAccessControl, type AccessDirectory } from '@vezel/access';
import { collectionService } from '@vezel/collection/module';
import { createPgDb, type Db } from '@vezel/db';
import { LedgerService } from '@vezel/contracts';
import { ledgerServiceWith } from '@vezel/ledger/module';
import { createGrpcClient } from '@vezel/rpc';
import { retailService } from '@vezel/retail/module';
import { sortingService } from '@vezel/sorting/module';
import {
  createTestDatabase,
  eventually,
  startWebhookReceiver,
  uniqueGroupId,
  type WebhookReceiver,
} from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSettled, recordOn } from '../support/chain-calls.ts';
import { startChain, type RunningChain } from '../support/running-chain.ts';

/*
 * The partner feed over Server-Sent Events, end to end with real Kafka and PostgreSQL: each partner gets the events
 * it may see and no other, in position order; a subscriber that reconnects with Last-Event-ID misses nothing and
 * gets nothing twice; bad requests are problem+json. (Slow subscribers and rebuilds: the ledger's own feed test.)
 */
const at = '2026-04-01T09:00:00Z';
let accessDb: Db;
let directory: AccessDirectory;
let chain: RunningChain;
let ledger: RunningChain;
const tokens = new Map<string, string>();

beforeAll(async () => {
  accessDb = createPgDb({ connectionString: await createTestDatabase('partner-feed'), schema: 'access' });
  const opened = await openAccessControl(accessDb, { mode: 'enabled', schema: 'access', bearerTokens: undefined });
  directory = opened.directory;
  for (const [partnerId, kind, holder] of [
    ['operator', 'operator', undefined],
    ['store-one', 'store', { kind: 'store', id: 'ST-1' }],
    ['store-two', 'store', { kind: 'store', id: 'ST-2' }],
    ['amsterdam', 'municipality', { kind: 'municipality', id: 'GM0363' }],
  ] as const) {
    await directory.savePartner({ partnerId, kind, name: partnerId });
    if (holder !== undefined) await directory.assignHolder(partnerId, holder);
    const scopes = kind === 'operator' ? (['admin'] as const) : (['read'] as const);
    tokens.set(partnerId, (await createApiKey(directory, { partnerId, scopes: [...scopes] })).token);
    // The operator's read-only key: it manages the operator's own webhooks, not the partners'.
    if (kind === 'operator') {
      tokens.set('operator-reader', (await createApiKey(directory, { partnerId, scopes: ['read'] })).token);
    }
  }
  chain = await startChain([collectionService, sortingService, retailService], { access: opened.control });
  ledger = await startChain(
    [
      ledgerServiceWith({
        topics: Object.values(chain.services).map((service) => service.topic),
        groupId: uniqueGroupId('partner-feed'),
        // Heartbeats often enough to see one; pages small enough that a resumed stream takes several.
        feedLimits: { heartbeatMs: 200, pageSize: 3, maxStreams: 3 },
        // Receivers on loopback over plain http, as only tests may; the dispatcher looks for work often.
        webhooks: { rules: { allowLoopbackHttp: true, allowedNetworks: [] }, limits: { pollMs: 50 } },
      }),
    ],
    { access: opened.control },
  );
}, 180_000);

afterAll(async () => {
  await ledger?.stop();
  await chain?.stop();
  await accessDb?.close();
});

function record(path: string, body: unknown): Promise<void> {
  return recordOn(chain, tokens.get('operator')!, path, body);
}

interface SseEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
}

/** A subscription read as the wire gives it: events parsed from the text/event-stream, heartbeats on request. */
async function subscribe(
  partnerId: string,
  query: string,
  headers: Record<string, string> = {},
): Promise<{
  readonly response: Response;
  next(): Promise<SseEvent>;
  /** Reads on until a comment block (a heartbeat) arrives; events read meanwhile are kept for next(). */
  nextHeartbeat(): Promise<void>;
  close(): Promise<void>;
}> {
  const response = await fetch(`${ledger.services['ledger']!.url}/v1/ledger/feeds/events${query}`, {
    headers: { authorization: `Bearer ${tokens.get(partnerId)}`, ...headers },
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const blocks = async (): Promise<string | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return block;
      }
      const { value, done } = await reader.read();
      if (done) return undefined;
      buffer += value;
    }
  };
  const pending: string[] = [];
  const eventOf = (block: string): SseEvent | undefined => {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const colon = line.indexOf(': ');
      if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 2);
    }
    return fields['data'] !== undefined || fields['event'] !== undefined ? fields : undefined;
  };
  return {
    response,
    async next() {
      for (;;) {
        const block = pending.shift() ?? (await blocks());
        if (block === undefined) return {};
        const event = eventOf(block);
        if (event !== undefined) return event;
      }
    },
    async nextHeartbeat() {
      for (;;) {
        const block = await blocks();
        if (block === undefined) throw new Error('the stream ended without a heartbeat');
        if (block.startsWith(':')) return;
        pending.push(block);
      }
    },
    async close() {
      await reader.cancel();
    },
  };
}

/** The next `count` events of a subscription (heartbeats skipped). */
async function take(subscription: Awaited<ReturnType<typeof subscribe>>, count: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  while (events.length < count) events.push(await subscription.next());
  return events;
}

/** An event as `<type> <what it is about>`: the lot, node, batch, run or container it names. */
const typeAndNode = (event: SseEvent) => {
  const { type, fact } = JSON.parse(event.data!) as { type: string; fact: Record<string, unknown> };
  const about = fact['lotId'] ?? fact['nodeId'] ?? fact['batchId'] ?? fact['runId'] ?? fact['containerId'];
  return `${type} ${String(about)}`;
};

function settled(): Promise<void> {
  return ledgerSettled(chain, ledger, tokens.get('operator')!);
}

describe('the partner feed', () => {
  it('gives each partner the events it may see, in order, and resumes exactly with Last-Event-ID', async () => {
    await record('/v1/collection/containers', {
      containerId: 'CONT-1',
      municipality: 'GM0363',
      channel: 'street-container',
    });
    await record('/v1/collection/batches', { batchId: 'B-1', containerId: 'CONT-1', grams: 90_000, collectedAt: at });
    await record('/v1/sorting/receipts', {
      receiptId: 'R-B-1',
      nodeId: 'B-1',
      centreId: 'SC-1',
      grams: 90_000,
      receivedAt: at,
    });
    await record('/v1/sorting/runs', {
      runId: 'RUN-1',
      centreId: 'SC-1',
      inputs: [{ nodeId: 'B-1', grams: 90_000 }],
      outputs: [
        { lotId: 'L-1', fraction: 'reuse.creme', grams: 50_000 },
        { lotId: 'L-2', fraction: 'reuse.creme', grams: 40_000 },
      ],
      lossGrams: 0,
      completedAt: at,
    });
    for (const [lotId, storeId] of [
      ['L-1', 'ST-1'],
      ['L-2', 'ST-2'],
    ] as const) {
      await record(`/v1/sorting/lots/${lotId}/dispatches`, {
        dispatchId: `D-${lotId}`,
        grams: 10_000,
        destination: { kind: 'store', id: storeId },
        dispatchedAt: at,
      });
    }
    for (let n = 1; n <= 3; n += 1) {
      await record('/v1/retail/receipts', {
        receiptId: `R-L-1-${n}`,
        lotId: 'L-1',
        storeId: 'ST-1',
        grams: 1_000,
        receivedAt: at,
      });
    }

    // Who may see an event is what the ledger knows when it is read: a batch's events become store one's once its
    // lot reaches the store. A live stream that passed them before goes on; a replay from 0 has them.
    await settled();
    const storeOne = await subscribe('store-one', '?after=0');
    const storeTwo = await subscribe('store-two', '?after=0');
    const everything = await subscribe('operator', '?after=0');
    expect(storeOne.response.headers.get('content-type')).toMatch(/^text\/event-stream/);

    // Positions are the order the ledger applied the events in: across services that is the order it consumed
    // their topics, so the lists below are compared as sets, and positions as gap-free and increasing.
    const all = await take(everything, 9);
    expect(all.map((event) => Number(event.id))).toEqual([...all.keys()].map((index) => Number(all[0]!.id) + index));
    // Store one: the batch and the run its lot came from, its dispatch and its receipts; never store two's.
    const own = await take(storeOne, 7);
    expect(own.map(typeAndNode).sort()).toEqual([
      'BatchCollected B-1',
      'LotDispatched L-1',
      'LotReceivedAtStore L-1',
      'LotReceivedAtStore L-1',
      'LotReceivedAtStore L-1',
      'NodeReceivedAtCentre B-1',
      'SortingRunCompleted RUN-1',
    ]);
    expect(own.map((event) => Number(event.id))).toEqual(own.map((event) => Number(event.id)).sort((a, b) => a - b));
    const other = await take(storeTwo, 4);
    expect(other.map(typeAndNode).sort()).toEqual([
      'BatchCollected B-1',
      'LotDispatched L-2',
      'NodeReceivedAtCentre B-1',
      'SortingRunCompleted RUN-1',
    ]);
    await storeOne.close();

    // Reconnect after the fourth event: the fifth to seventh again, then the new sale; nothing missed or repeated.
    const resumed = await subscribe('store-one', '', { 'last-event-id': own[3]!.id! });
    await record('/v1/retail/sales', {
      saleId: 'SALE-1',
      storeId: 'ST-1',
      lotId: 'L-1',
      grams: 500,
      items: 2,
      soldAt: at,
    });
    const again = await take(resumed, 4);
    expect(again.slice(0, 3).map((event) => event.id)).toEqual(own.slice(4).map((event) => event.id));
    expect(typeAndNode(again[3]!)).toBe('ItemsSold L-1');
    expect(Number(again[3]!.id)).toBeGreaterThan(Number(all.at(-1)!.id));
    await resumed.nextHeartbeat();
    for (const subscription of [resumed, storeTwo, everything]) await subscription.close();
  });

  it('filters by type, node and municipality, and ends a poll (follow=false) once caught up', async () => {
    await settled();
    const poll = await subscribe(
      'amsterdam',
      '?after=0&follow=false&types=LotDispatched,ItemsSold&municipality=GM0363',
    );
    const events: SseEvent[] = [];
    for (let event = await poll.next(); event.data !== undefined; event = await poll.next()) events.push(event);
    expect(events.map(typeAndNode).sort()).toEqual(['ItemsSold L-1', 'LotDispatched L-1', 'LotDispatched L-2']);

    // The newest two store one may see, in position order: what a page opening on recent events asks for.
    const everything: SseEvent[] = [];
    const all = await subscribe('store-one', '?after=0&follow=false');
    for (let event = await all.next(); event.data !== undefined; event = await all.next()) everything.push(event);
    const newest = await subscribe('store-one', '?latest=2&follow=false');
    expect([(await newest.next()).id, (await newest.next()).id]).toEqual(everything.slice(-2).map((event) => event.id));
    expect((await newest.next()).data).toBeUndefined();

    const node = await subscribe('operator', '?after=0&follow=false&node=L-2');
    expect([(await node.next()).event, (await node.next()).event].sort()).toEqual([
      'LotDispatched',
      'SortingRunCompleted',
    ]);
    expect((await node.next()).data).toBeUndefined();
  });

  it('streams the same over gRPC: filtered to the caller, resumable by position, ended when caught up', async () => {
    await settled();
    const client = createGrpcClient(LedgerService, ledger.services['ledger']!.grpcAddress);
    const as = (partnerId: string) => ({ metadata: { authorization: `Bearer ${tokens.get(partnerId)}` } });
    try {
      const collect = async (partnerId: string, request: object) => {
        const events: { position: bigint; type: string; fact: Record<string, unknown> }[] = [];
        for await (const event of client.streamFeed(request, as(partnerId))) {
          events.push({
            position: event.position,
            type: event.type,
            fact: JSON.parse(event.factJson) as Record<string, unknown>,
          });
        }
        return events;
      };
      const http = await subscribe('store-one', '?after=0&follow=false');
      const overHttp: string[] = [];
      for (let event = await http.next(); event.data !== undefined; event = await http.next()) overHttp.push(event.id!);
      const own = await collect('store-one', { afterPosition: 0n, poll: true });
      expect(own.map((event) => event.position.toString())).toEqual(overHttp);
      expect(own.every((event) => event.fact['lotId'] !== 'L-2')).toBe(true);
      // Resume after the third: the rest, nothing twice.
      const rest = await collect('store-one', { afterPosition: own[2]!.position, poll: true });
      expect(rest.map((event) => event.position)).toEqual(own.slice(3).map((event) => event.position));
      // Filters as over HTTP; a bad one names its field.
      const dispatches = await collect('operator', { afterPosition: 0n, poll: true, types: ['LotDispatched'] });
      expect(dispatches.map((event) => event.fact['lotId']).sort()).toEqual(['L-1', 'L-2']);
      await expect(collect('operator', { types: ['Sold'], poll: true })).rejects.toMatchObject({ code: 3 });
      // Without a credential: UNAUTHENTICATED.
      await expect(
        (async () => {
          for await (const event of client.streamFeed({ poll: true }, {})) void event;
        })(),
      ).rejects.toMatchObject({ code: 16 });
    } finally {
      client.close();
    }
  });

  it('serves at most its bound of streams, then 503 until one ends', async () => {
    const subscribers = async () => {
      const response = await fetch(`${ledger.services['ledger']!.url}/v1/ledger/lag`, {
        headers: { authorization: `Bearer ${tokens.get('operator')}` },
      });
      return ((await response.json()) as { feed: { subscribers: number } }).feed.subscribers;
    };
    await eventually(async () => ((await subscribers()) === 0 ? true : undefined), { description: 'no stream open' });
    const open = [await subscribe('store-one', ''), await subscribe('store-two', ''), await subscribe('operator', '')];
    const refused = await fetch(`${ledger.services['ledger']!.url}/v1/ledger/feeds/events`, {
      headers: { authorization: `Bearer ${tokens.get('amsterdam')}` },
    });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/already serves 3 feed streams/);
    await open[0]!.close();
    await eventually(async () => ((await subscribers()) === 2 ? true : undefined), { description: 'a stream ended' });
    const admitted = await subscribe('amsterdam', '?follow=false');
    expect(admitted.response.status).toBe(200);
    for (const subscription of [...open.slice(1), admitted]) await subscription.close();
  });

  it('pushes to webhooks, EPCIS queries and subscriptions only what each partner may see, late events too', async () => {
    const api = async (partnerId: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${ledger.services['ledger']!.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.get(partnerId)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    /** What each partner may see now, by the SSE feed (whose visibility the first test checks). */
    const visible = async (partnerId: string, format = '') => {
      const poll = await subscribe(partnerId, `?after=0&follow=false${format}`);
      const events: SseEvent[] = [];
      for (let event = await poll.next(); event.data !== undefined; event = await poll.next()) events.push(event);
      return events;
    };
    const idOf = (event: SseEvent) => (JSON.parse(event.data!) as { eventId: string }).eventId;
    const factOf = (body: string) => (JSON.parse(body) as { data: { fact: Record<string, unknown> } }).data.fact;
    const eventIdsOf = (body: string) =>
      (
        JSON.parse(body) as { epcisBody: { queryResults: { resultsBody: { eventList: { eventID: string }[] } } } }
      ).epcisBody.queryResults.resultsBody.eventList.map((event) => event.eventID);

    const partners = ['store-one', 'store-two', 'amsterdam'] as const;
    // Subscriptions get what comes after they are made.
    const subscribedAfter = Number((await visible('operator')).at(-1)!.id);
    const hooks = new Map<string, { receiver: WebhookReceiver; id: string }>();
    const epcis = new Map<string, WebhookReceiver>();
    try {
      for (const partnerId of partners) {
        const receiver = await startWebhookReceiver();
        const registered = await api(partnerId, 'POST', '/v1/ledger/webhooks', { url: receiver.url, after: '0' });
        expect(registered.status).toBe(201);
        hooks.set(partnerId, { receiver, id: String(registered.json['id']) });
        const subscriber = await startWebhookReceiver();
        const subscribed = await api(partnerId, 'POST', '/v1/epcis/queries/SimpleEventQuery/subscriptions', {
          dest: subscriber.url,
          stream: true,
        });
        expect(subscribed.status).toBe(201);
        epcis.set(partnerId, subscriber);
      }
      // The secret goes to whoever rotates it: not even the operator may rotate a partner's.
      const rotated = await api('operator', 'POST', `/v1/ledger/webhooks/${hooks.get('store-one')!.id}/secret/rotate`);
      expect(rotated.status).toBe(403);
      // Only the operator's admin credentials manage other partners' webhooks; its read-only key does not.
      const storeOnes = `/v1/ledger/webhooks/${hooks.get('store-one')!.id}`;
      expect((await api('operator', 'GET', storeOnes)).status).toBe(200);
      expect((await api('operator-reader', 'GET', storeOnes)).status).toBe(404);
      expect((await api('operator-reader', 'POST', `${storeOnes}/disable`)).status).toBe(404);
      expect((await api('operator-reader', 'GET', '/v1/ledger/webhooks')).json['webhooks']).toEqual([]);
      // A partner sees only its own webhooks; another's is not found.
      expect((await api('store-two', 'GET', `/v1/ledger/webhooks/${hooks.get('store-one')!.id}`)).status).toBe(404);
      expect((await api('store-two', 'GET', '/v1/ledger/webhooks')).json['webhooks']).toHaveLength(1);

      // A late event: store two receives lot L-9 before the run that makes it from Amsterdam's batch B-9 is known.
      await record('/v1/collection/batches', { batchId: 'B-9', containerId: 'CONT-1', grams: 20_000, collectedAt: at });
      await record('/v1/sorting/receipts', {
        receiptId: 'R-B-9',
        nodeId: 'B-9',
        centreId: 'SC-1',
        grams: 20_000,
        receivedAt: at,
      });
      await record('/v1/retail/receipts', {
        receiptId: 'R-L-9',
        lotId: 'L-9',
        storeId: 'ST-2',
        grams: 5_000,
        receivedAt: at,
      });
      await settled();
      // Every webhook and subscription looks at these while L-9's origin is unknown: B-9's events are not store
      // two's yet, nor is the receipt Amsterdam's. Pushed channels deliver what a partner may see when they pass an
      // event (as a live SSE stream does); a replay delivers what it may see now.
      const end = Number((await visible('operator')).at(-1)!.id);
      const subscriptions = (await api('operator', 'GET', '/v1/ledger/webhooks')).json['webhooks'] as {
        id: string;
      }[];
      const epcisSubscriptions = (await api('operator', 'GET', '/v1/epcis/queries/SimpleEventQuery/subscriptions'))
        .json as unknown as { subscriptionID: string }[];
      for (const id of [
        ...subscriptions.map((hook) => hook.id),
        ...epcisSubscriptions.map((sub) => sub.subscriptionID),
      ]) {
        await eventually(
          async () =>
            Number((await api('operator', 'GET', `/v1/ledger/webhooks/${id}`)).json['scannedThrough']) >= end
              ? true
              : undefined,
          { description: `${id} looked at the events before the run` },
        );
      }
      const seenBefore = new Map<string, { ids: Set<string>; epcis: Set<string> }>();
      for (const partnerId of partners) {
        seenBefore.set(partnerId, {
          ids: new Set((await visible(partnerId)).map(idOf)),
          epcis: new Set(
            (await visible(partnerId, '&format=epcis')).map(
              (event) => (JSON.parse(event.data!) as { eventID: string }).eventID,
            ),
          ),
        });
      }
      await record('/v1/sorting/runs', {
        runId: 'RUN-9',
        centreId: 'SC-1',
        inputs: [{ nodeId: 'B-9', grams: 20_000 }],
        outputs: [{ lotId: 'L-9', fraction: 'reuse.creme', grams: 20_000 }],
        lossGrams: 0,
        completedAt: at,
      });
      await settled();

      const receiptOfL9 = (await visible('operator')).find(
        (event) => (JSON.parse(event.data!) as { fact: { receiptId?: string } }).fact.receiptId === 'R-L-9',
      )!;
      for (const partnerId of partners) {
        const before = seenBefore.get(partnerId)!;
        const { receiver } = hooks.get(partnerId)!;
        const now = await visible(partnerId);
        // What it could see when its webhook passed an event, and everything after the run.
        const wanted = new Set(now.filter((event) => Number(event.id) > end || before.ids.has(idOf(event))).map(idOf));
        const delivered = () => new Set(receiver.received.map((request) => String(request.headers['webhook-id'])));
        await eventually(() => (delivered().size === wanted.size ? true : undefined), {
          description: `${partnerId}'s webhook caught up`,
        });
        expect(delivered(), partnerId).toEqual(wanted);
        const about = receiver.received.map((request) => {
          const fact = factOf(request.body);
          return String(fact['lotId'] ?? fact['nodeId'] ?? fact['runId'] ?? fact['batchId']);
        });
        if (partnerId === 'store-one') {
          expect(about.filter((id) => ['L-2', 'L-9', 'B-9', 'RUN-9'].includes(id))).toEqual([]);
        }
        if (partnerId === 'store-two') expect(about).not.toContain('L-1');
        if (partnerId === 'amsterdam') expect(about).toContain('RUN-9');

        // EPCIS: the query answers exactly the feed's EPCIS events now; the subscription what came after it, as the
        // webhook, by what the partner could see when it passed each event.
        const rendered = (await visible(partnerId, '&format=epcis')).map((event) => ({
          position: Number(event.id),
          eventID: (JSON.parse(event.data!) as { eventID: string }).eventID,
        }));
        const queried = await api(partnerId, 'GET', '/v1/epcis/events?perPage=1000');
        expect(queried.status).toBe(200);
        expect(eventIdsOf(JSON.stringify(queried.json))).toEqual(rendered.map((event) => event.eventID));
        const wantedStream = rendered
          .filter((event) => event.position > subscribedAfter)
          .filter((event) => event.position > end || before.epcis.has(event.eventID))
          .map((event) => event.eventID);
        const subscriber = epcis.get(partnerId)!;
        const streamed = () => subscriber.received.flatMap((request) => eventIdsOf(request.body));
        await eventually(() => (streamed().length === wantedStream.length ? true : undefined), {
          description: `${partnerId}'s EPCIS subscription`,
        });
        expect(new Set(streamed()), partnerId).toEqual(new Set(wantedStream));
      }

      // A replay from the start sends the receipt too, as the feed shows it now.
      const amsterdam = hooks.get('amsterdam')!;
      const replayed = await api('amsterdam', 'POST', `/v1/ledger/webhooks/${amsterdam.id}/replay`, { after: '0' });
      expect(replayed.status).toBe(202);
      await eventually(
        () =>
          amsterdam.receiver.received.some((request) => request.headers['webhook-id'] === idOf(receiptOfL9))
            ? true
            : undefined,
        { description: 'the receipt Amsterdam may now see, replayed' },
      );
    } finally {
      for (const { receiver } of hooks.values()) await receiver.close();
      for (const receiver of epcis.values()) await receiver.close();
    }
  });

  it('answers a bad request with problem+json naming the parameter', async () => {
    for (const [query, headers, field] of [
      ['?types=Sold', {}, 'types'],
      ['?after=-1', {}, 'after'],
      ['', { 'last-event-id': 'abc' }, 'Last-Event-ID'],
      ['?municipality=GM9999', {}, 'municipality'],
      ['?follow=maybe', {}, 'follow'],
      ['?latest=0', {}, 'latest'],
      ['?latest=5&after=1', {}, 'latest'],
    ] as const) {
      const response = await fetch(`${ledger.services['ledger']!.url}/v1/ledger/feeds/events${query}`, {
        headers: { authorization: `Bearer ${tokens.get('store-one')}`, ...headers },
      });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(((await response.json()) as { field: string }).field).toBe(field);
    }
  });
});
