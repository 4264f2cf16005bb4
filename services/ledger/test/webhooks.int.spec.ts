import { createHmac, timingSafeEqual } from 'node:crypto';
import { FeedFormat, LedgerService } from '@vezel/contracts';
import { createPgDb, loadMigrations, migrate, type Db } from '@vezel/db';
import { createGrpcClient } from '@vezel/rpc';
import { startServiceModule, type RunningServiceModule } from '@vezel/service-kit';
import { createTestDatabase, eventually, startWebhookReceiver, type WebhookReceiver } from '@vezel/testing';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChain } from '../bench/generate-chain.ts';
import { factFromJson } from '../src/adapters/postgres/fact-json.ts';
import { nodeIdsOf, type LedgerFact } from '../src/domain/index.ts';
import { createHttpWebhookTransport } from '../src/adapters/http/http-webhook-transport.ts';
import { createPgWebhookStore } from '../src/adapters/postgres/pg-webhook-store.ts';
import { createPostgresLedgerQueries } from '../src/adapters/postgres/postgres-ledger-queries.ts';
import { webhookMessageOf } from '../src/adapters/http/webhook-message.ts';
import { createFeedHub } from '../src/app/feed-hub.ts';
import {
  startWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookDispatchLimits,
} from '../src/app/webhook-dispatcher.ts';
import { createLedgerModule, type LedgerModuleOptions } from '../src/module.ts';
import { ledgerModuleDependencies } from './support/ledger-module-dependencies.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';
import { epcisSchemaValidator } from './support/epcis-schema.ts';

/*
 * Webhooks and EPCIS subscriptions against real HTTP receivers on loopback: receivers that fail, time out, answer
 * 429 and 410, reject one message for good, and recover; a ledger process stopped mid-retry and another started
 * over the same database. Signatures are checked with Standard Webhooks' own library and, for GS1-Signature, with
 * an HMAC computed here.
 */
const EVENTS = 1_500;
const facts: readonly LedgerFact[] = [...generateChain({ seed: 31, events: EVENTS })];
let chain: LedgerUnderTest;
let databaseUrl: string;
let db: Db;
let served: RunningServiceModule;
let base: string;
let epcisReceiver: WebhookReceiver;
const signatureToken = 'a-subscriber-chosen-token-0123456789';
const receivers: WebhookReceiver[] = [];

const loopbackRules = { allowLoopbackHttp: true, allowedNetworks: [] };
const webhookOptions: NonNullable<LedgerModuleOptions['webhooks']> = {
  rules: loopbackRules,
  // Long enough that a loaded CI machine's slow answer is not taken for a hang; the hanging receiver below waits longer.
  timeoutMs: 1_500,
  // Ten tries, fast: a receiver's outage is a few hundred milliseconds here instead of a day.
  limits: { pollMs: 50, leaseMs: 3_000, retryScheduleMs: [0, 20, 40, 60, 80, 100, 120, 140, 160, 180] },
};

async function startLedger(): Promise<RunningServiceModule> {
  const module = await createLedgerModule(ledgerModuleDependencies(databaseUrl, db, chain.eventLog), {
    topics: chain.topics,
    groupId: 'webhooks-test',
    webhooks: webhookOptions,
  });
  return startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
}

/** What the API answers, as far as these tests read it. */
interface Answer {
  readonly id: string;
  readonly secret: string;
  readonly status: string;
  readonly disabledReason?: string;
  readonly health: {
    readonly pending: number;
    readonly delivered: number;
    readonly dead: number;
    readonly lastFailure?: { readonly error?: string };
  };
  readonly deliveries: readonly { readonly messageId: string }[];
  readonly requeued: number;
  readonly eventsBehind: number;
  readonly derivedPending: number;
}

interface QueryDocument {
  readonly type: string;
  readonly epcisBody: {
    readonly queryResults: {
      readonly queryName: string;
      readonly subscriptionID?: string;
      readonly resultsBody: { readonly eventList: readonly { readonly eventID: string; readonly bizStep: string }[] };
    };
  };
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Answer }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? {} : JSON.parse(text)) as Answer };
}

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  receivers.push(started);
  return started;
}

/** The event ids a receiver acknowledged (2xx), in the order it acknowledged them. */
function acknowledged(target: WebhookReceiver): string[] {
  return target.received
    .filter((request) => typeof request.answered === 'number' && request.answered < 300)
    .map((request) => String(request.headers['webhook-id']));
}

const eventIds = new Set(facts.map((fact) => fact.eventId));

/**
 * A webhook as the API answers it once its dispatcher has recorded `delivered` deliveries: a receiver has answered
 * before the dispatcher writes the answer down, so what a receiver acknowledged may not be in the counts yet.
 */
async function onceDeliveredRecorded(id: string, delivered: number): Promise<Answer> {
  return eventually(
    async () => {
      const webhook = (await call('GET', `/v1/ledger/webhooks/${id}`)).json;
      return webhook.health.delivered === delivered ? webhook : undefined;
    },
    { description: `${delivered} deliveries recorded` },
  );
}

/**
 * An endpoint for the dispatches whose receiver failed `tries` times, and the ledger process stopped meanwhile, as
 * if mid-retry: the test starts what takes over.
 */
async function anEndpointStoppedMidRetry(
  tries: number,
): Promise<{ target: WebhookReceiver; id: string; dispatched: Set<string> }> {
  const target = await receiver();
  target.answerWith(() => 503);
  const { json } = await call('POST', '/v1/ledger/webhooks', { url: target.url, after: '0', types: 'LotDispatched' });
  const dispatched = new Set(facts.filter((fact) => fact.type === 'LotDispatched').map((fact) => fact.eventId));
  await eventually(() => (target.received.length >= tries ? true : undefined), { description: 'failing tries' });
  await served.stop();
  return { target, id: json.id, dispatched };
}

/** A webhook dispatcher over the test's database, as another ledger process runs it; its errors go to `errors`. */
function aDispatcher(limits: WebhookDispatchLimits, errors: unknown[]): WebhookDispatcher {
  const queries = createPostgresLedgerQueries({ db, eventLog: chain.eventLog, topics: chain.topics });
  return startWebhookDispatcher({
    store: createPgWebhookStore(db),
    transport: createHttpWebhookTransport({ rules: loopbackRules, timeoutMs: 10_000 }),
    queriesFor: () => Promise.resolve(queries),
    render: (webhook, event) => webhookMessageOf(webhook, event, 'https://vezel.example/epcis'),
    queries,
    hub: createFeedHub(),
    limits,
    onError: (error) => errors.push(error),
  });
}

beforeAll(async () => {
  chain = await aLedgerUnderTest('webhooks');
  databaseUrl = await createTestDatabase('webhooks-module');
  db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  served = await startLedger();
  base = `http://127.0.0.1:${served.http.port}`;
  // The EPCIS subscription is made before the events exist: it gets what arrives after it.
  epcisReceiver = await receiver();
  expect(
    (await call('POST', '/v1/epcis/queries', { name: 'shipments', query: { EQ_bizStep: ['shipping'] } })).status,
  ).toBe(201);
  const subscribed = await call('POST', '/v1/epcis/queries/shipments/subscriptions', {
    dest: epcisReceiver.url,
    signatureToken,
    stream: true,
  });
  expect(subscribed.status).toBe(201);
  for (let start = 0; start < facts.length; start += 500) await chain.publishFacts(facts.slice(start, start + 500));
  await eventually(
    async () => {
      const lag = (await call('GET', '/v1/ledger/lag')).json;
      return lag.eventsBehind === 0 && lag.derivedPending === 0 ? true : undefined;
    },
    { description: 'the ledger settled', timeoutMs: 120_000 },
  );
}, 180_000);

afterAll(async () => {
  await served?.stop();
  for (const started of receivers) await started.close();
  await db?.close();
  await chain?.close();
});

describe('webhooks', () => {
  it('delivers every event once, signed, in order per node, through 5xx, timeouts, 429 and a dropped connection', async () => {
    const target = await receiver();
    // Eight failures of every kind first, then the receiver recovers.
    const outage: ReturnType<Parameters<WebhookReceiver['answerWith']>[0]>[] = [
      503,
      500,
      'hang',
      'hang',
      { status: 429, headers: { 'Retry-After': '0' } },
      'drop',
      502,
      504,
    ];
    target.answerWith((_body, index) => outage[index] ?? 200);
    const registered = await call('POST', '/v1/ledger/webhooks', { url: target.url, after: '0' });
    expect(registered.status).toBe(201);
    const { id, secret } = registered.json;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    await eventually(() => (acknowledged(target).length >= EVENTS ? true : undefined), {
      description: 'every event delivered',
      timeoutMs: 60_000,
    });
    const ids = acknowledged(target);
    expect(ids.length).toBe(EVENTS);
    expect(new Set(ids)).toEqual(eventIds);
    expect(target.received.slice(0, 8).map((request) => request.answered)).toEqual([
      503,
      500,
      'hung',
      'hung',
      429,
      'dropped',
      502,
      504,
    ]);

    // Per node, the receiver acknowledged events in feed order.
    const positionOf = new Map<string, number>();
    const lastByNode = new Map<string, number>();
    const verifier = new StandardWebhook(secret);
    for (const request of target.received) {
      // Standard Webhooks' own library checks id, timestamp and signature.
      const payload = verifier.verify(request.body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }) as { type: string; data: { position: string; eventId: string; type: string; fact: unknown } };
      expect(payload.type).toBe(`ledger.${payload.data.type}`);
      expect(payload.data.eventId).toBe(request.headers['webhook-id']);
      if (typeof request.answered !== 'number' || request.answered >= 300) continue;
      const position = Number(payload.data.position);
      positionOf.set(payload.data.eventId, position);
      for (const node of nodeIdsOf(factFromJson(payload.data.fact))) {
        expect(position, `node ${node}`).toBeGreaterThan(lastByNode.get(node) ?? 0);
        lastByNode.set(node, position);
      }
    }
    expect(positionOf.size).toBe(EVENTS);

    const health = await onceDeliveredRecorded(id, EVENTS);
    expect(health).toMatchObject({ status: 'active', health: { pending: 0, delivered: EVENTS, dead: 0 } });
    expect(health.health.lastFailure?.error).toBeDefined();
    expect(health).not.toHaveProperty('secret');
  });

  it('dead-letters a message the receiver keeps rejecting, holds that node’s later events until then, and replays it', async () => {
    const target = await receiver();
    const rejected = facts.find((fact) => fact.type === 'BatchShipped')!;
    const rejectedNodes = new Set(nodeIdsOf(rejected));
    let rejecting = true;
    target.answerWith((body) =>
      rejecting && (JSON.parse(body) as { data: { eventId: string } }).data.eventId === rejected.eventId ? 400 : 200,
    );
    const { json } = await call('POST', '/v1/ledger/webhooks', { url: target.url, after: '0' });
    await eventually(() => (acknowledged(target).length >= EVENTS - 1 ? true : undefined), {
      description: 'every other event delivered',
      timeoutMs: 60_000,
    });
    expect(acknowledged(target)).not.toContain(rejected.eventId);
    const tries = target.received.filter((request) => request.headers['webhook-id'] === rejected.eventId);
    expect(tries.map((request) => request.answered)).toEqual(Array.from({ length: 10 }, () => 400));
    // The rejected event's node's later events came only after its last try.
    const lastTry = target.received.lastIndexOf(tries.at(-1)!);
    const dataOf = (body: string) => (JSON.parse(body) as { data: { fact: unknown; position: string } }).data;
    const rejectedPosition = Number(dataOf(tries[0]!.body).position);
    const laterOfItsNodes = target.received.findIndex(
      (request) =>
        Number(dataOf(request.body).position) > rejectedPosition &&
        nodeIdsOf(factFromJson(dataOf(request.body).fact)).some((node) => rejectedNodes.has(node)),
    );
    expect(laterOfItsNodes).toBeGreaterThan(lastTry);

    const dead = (await call('GET', `/v1/ledger/webhooks/${json.id}/deliveries?status=dead`)).json;
    expect(dead.deliveries).toHaveLength(1);
    expect(dead.deliveries[0]).toMatchObject({ messageId: rejected.eventId, attempts: 10, lastStatus: 400 });

    rejecting = false;
    const replay = await call('POST', `/v1/ledger/webhooks/${json.id}/replay`, { after: '0', only: 'dead' });
    expect(replay).toMatchObject({ status: 202, json: { requeued: 1 } });
    await eventually(() => (acknowledged(target).includes(rejected.eventId) ? true : undefined), {
      description: 'the dead letter replayed',
    });
    expect((await onceDeliveredRecorded(json.id, EVENTS)).health).toMatchObject({
      delivered: EVENTS,
      dead: 0,
      pending: 0,
    });
  });

  it('disables an endpoint that answers 410, and goes on where it stopped once enabled', async () => {
    const target = await receiver();
    let gone = true;
    target.answerWith(() => (gone ? 410 : 200));
    const { json } = await call('POST', '/v1/ledger/webhooks', { url: target.url, after: '0' });
    await eventually(
      async () => ((await call('GET', `/v1/ledger/webhooks/${json.id}`)).json.status === 'disabled' ? true : undefined),
      { description: 'the endpoint disabled' },
    );
    // At most the one round of concurrent sends that learnt of the 410; nothing after it.
    expect(target.received.length).toBeGreaterThanOrEqual(1);
    expect(target.received.length).toBeLessThanOrEqual(8);
    expect((await call('GET', `/v1/ledger/webhooks/${json.id}`)).json.disabledReason).toBe(
      'the receiver answered 410 Gone',
    );
    gone = false;
    expect((await call('POST', `/v1/ledger/webhooks/${json.id}/enable`)).json.status).toBe('active');
    await eventually(() => (new Set(acknowledged(target)).size === EVENTS ? true : undefined), {
      description: 'every event delivered after enabling',
      timeoutMs: 60_000,
    });
  });

  it('replays everything after a position, with the same webhook-id as before', async () => {
    const target = await receiver();
    const { json } = await call('POST', '/v1/ledger/webhooks', { url: target.url, after: '0', types: 'ItemsSold' });
    const sold = facts.filter((fact) => fact.type === 'ItemsSold').map((fact) => fact.eventId);
    await eventually(() => (acknowledged(target).length === sold.length ? true : undefined), {
      description: 'the sales delivered',
    });
    expect(acknowledged(target)).toEqual(expect.arrayContaining(sold));
    const replay = await call('POST', `/v1/ledger/webhooks/${json.id}/replay`, { after: '0' });
    expect(replay.json.requeued).toBe(sold.length);
    await eventually(() => (acknowledged(target).length === 2 * sold.length ? true : undefined), {
      description: 'the sales delivered again',
    });
    expect(new Set(acknowledged(target).slice(sold.length))).toEqual(new Set(sold));
  });

  it('signs with both secrets for a day after a rotation, so a receiver that has not switched still verifies', async () => {
    const target = await receiver();
    // The receiver acknowledges only what is signed twice, so every try before the rotation fails (one signed then
    // may still arrive after the rotation answered: a flag set on that answer let it through once).
    target.answerWith((_body, _index, headers) =>
      String(headers['webhook-signature']).split(' ').length === 2 ? 200 : 503,
    );
    const { json } = await call('POST', '/v1/ledger/webhooks', { url: target.url, after: '0', types: 'NodeDisposed' });
    await eventually(() => (target.received.length > 0 ? true : undefined), { description: 'a first try' });
    const rotated = await call('POST', `/v1/ledger/webhooks/${json.id}/secret/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).not.toBe(json.secret);
    await eventually(() => (acknowledged(target).length > 0 ? true : undefined), {
      description: 'a delivery signed with both secrets',
    });
    expect(target.received[0]!.answered, 'the first try, before the rotation, was signed once').toBe(503);
    const request = target.received.find((given) => given.answered === 200)!;
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new StandardWebhook(json.secret).verify(request.body, headers)).not.toThrow();
    expect(() => new StandardWebhook(rotated.json.secret).verify(request.body, headers)).not.toThrow();
    expect(() =>
      new StandardWebhook('whsec_' + Buffer.alloc(24).toString('base64')).verify(request.body, headers),
    ).toThrow();
  });

  it('refuses targets that are not https or that name private, loopback-over-https or metadata addresses', async () => {
    for (const url of [
      'http://example.com/hooks',
      'https://10.1.2.3/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00::1]/hooks',
      'https://user:pw@example.com/hooks',
      'ftp://example.com/hooks',
      'not a url',
    ]) {
      const answer = await call('POST', '/v1/ledger/webhooks', { url });
      expect(answer.status, url).toBe(400);
      expect(answer.json, url).toMatchObject({ field: 'url' });
    }
  });

  it('checks the address a name resolves to at every connection, unless the operator allows its network', async () => {
    const target = await receiver();
    // `localhost` resolves to loopback: a name registered as public could resolve to it later (DNS rebinding).
    const byName = target.url.replace('127.0.0.1', 'localhost');
    const webhook = {
      id: 'wh_test',
      partnerId: 'p',
      partnerKind: 'store' as const,
      kind: 'standard' as const,
      url: byName,
      filter: { feed: {} },
      secrets: [{ secret: 'whsec_' + Buffer.alloc(24, 7).toString('base64') }],
      status: 'active' as const,
      resting: false,
      consecutiveFailures: 0,
      scannedThrough: 0n,
      createdAt: new Date(),
    };
    const delivery = {
      webhookId: 'wh_test',
      position: 1n,
      messageId: 'm-1',
      body: '{}',
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: new Date(),
    };
    const strict = createHttpWebhookTransport({ rules: { allowLoopbackHttp: false, allowedNetworks: [] } });
    expect(await strict.send(webhook, delivery)).toMatchObject({
      kind: 'failed',
      error: 'the address is not one webhooks may reach',
    });
    expect(target.received).toHaveLength(0);
    const inHouse = createHttpWebhookTransport({
      rules: { allowLoopbackHttp: false, allowedNetworks: ['127.0.0.0/8', '::1'] },
    });
    expect(await inHouse.send(webhook, delivery)).toEqual({ kind: 'answered', status: 204 });
    // At most the one round of concurrent sends that learnt of the 410; nothing after it.
    expect(target.received.length).toBeGreaterThanOrEqual(1);
    expect(target.received.length).toBeLessThanOrEqual(8);
  });

  it('forgets delivered messages after the retention period, keeping pending and dead ones', async () => {
    const target = await receiver();
    target.answerWith((body) => ((JSON.parse(body) as { type: string }).type === 'ledger.ItemsSold' ? 400 : 204));
    const registeredAt = new Date();
    const { json } = await call('POST', '/v1/ledger/webhooks', {
      url: target.url,
      after: '0',
      types: 'ItemsSold,ItemsDonated',
    });
    const counts = async () => (await call('GET', `/v1/ledger/webhooks/${json.id}`)).json.health;
    const sold = facts.filter((fact) => fact.type === 'ItemsSold').length;
    const donated = facts.filter((fact) => fact.type === 'ItemsDonated').length;
    await eventually(async () => ((await counts()).dead === sold ? true : undefined), {
      description: 'the sales dead, the donations delivered',
      timeoutMs: 60_000,
    });
    expect((await onceDeliveredRecorded(json.id, donated)).health.dead).toBe(sold);
    const store = createPgWebhookStore(db);
    // A cut-off before this webhook existed forgets none of its messages (earlier tests' messages may go: on a slow
    // machine they were delivered more than a minute ago). A cut-off a minute from now: every delivered one, none other.
    while ((await store.pruneDelivered(registeredAt, 10_000)) > 0);
    expect((await counts()).delivered).toBe(donated);
    let pruned = 0;
    for (let step = await store.pruneDelivered(new Date(Date.now() + 60_000), 7); step > 0;) {
      pruned += step;
      step = await store.pruneDelivered(new Date(Date.now() + 60_000), 7);
    }
    expect(pruned).toBeGreaterThanOrEqual(donated);
    expect(await counts()).toMatchObject({ delivered: 0, dead: sold, pending: 0 });
  });

  it('answers problem+json naming the field for bad registrations, replays and unknown webhooks', async () => {
    expect((await call('POST', '/v1/ledger/webhooks', { url: epcisReceiver.url, types: 'Nope' })).json).toMatchObject({
      field: 'types',
    });
    expect((await call('POST', '/v1/ledger/webhooks', { url: epcisReceiver.url, after: '-1' })).json).toMatchObject({
      field: 'after',
    });
    expect((await call('POST', '/v1/ledger/webhooks', { url: epcisReceiver.url, colour: 'red' })).json).toMatchObject({
      field: 'colour',
    });
    expect((await call('GET', '/v1/ledger/webhooks/wh_nope')).status).toBe(404);
    const { json } = await call('POST', '/v1/ledger/webhooks', { url: epcisReceiver.url, types: 'ItemsSold' });
    expect((await call('POST', `/v1/ledger/webhooks/${json.id}/replay`, { after: 'x' })).json).toMatchObject({
      field: 'after',
    });
    expect((await call('DELETE', `/v1/ledger/webhooks/${json.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/ledger/webhooks/${json.id}`)).status).toBe(404);
  });

  it('loses nothing when the ledger process stops mid-retry and another takes over', async () => {
    const { target, id, dispatched } = await anEndpointStoppedMidRetry(3);
    // As if the process had died holding the endpoint: its lease must run out before another takes it over.
    await db.query(
      `update ledger_webhooks set lease_owner = 'a-dead-process', lease_until = now() + interval '1 second'
        where id = $1`,
      [id],
    );
    served = await startLedger();
    base = `http://127.0.0.1:${served.http.port}`;
    target.answerWith(() => 200);
    await eventually(() => (new Set(acknowledged(target)).size === dispatched.size ? true : undefined), {
      description: 'every dispatch delivered by the new process',
      timeoutMs: 60_000,
    });
    expect(new Set(acknowledged(target))).toEqual(dispatched);
    expect((await onceDeliveredRecorded(id, dispatched.size)).health).toMatchObject({
      delivered: dispatched.size,
      pending: 0,
    });
  });

  it('sends each message once when a receiver answers more slowly than the lease, two processes sharing the endpoint', async () => {
    const { target, id, dispatched } = await anEndpointStoppedMidRetry(1);
    // The first rounds (one message, then eight) are each answered after two and a half leases: a worker that did not
    // renew its lease while it waited would have the endpoint taken over mid-round, and the same messages sent again.
    const slowUntil = target.received.length + 9;
    target.answerWith((_body, index) => (index < slowUntil ? { status: 200, delayMs: 2_500 } : 200));
    const errors: unknown[] = [];
    const processes = Array.from({ length: 2 }, () =>
      aDispatcher({ ...webhookOptions.limits, leaseMs: 1_000, workers: 2 }, errors),
    );
    const store = createPgWebhookStore(db);
    try {
      await eventually(
        async () => {
          const health = (await store.health([id])).get(id);
          return health?.delivered === dispatched.size && health.pending === 0 ? true : undefined;
        },
        { description: 'every dispatch delivered and recorded', timeoutMs: 60_000 },
      );
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
      served = await startLedger();
      base = `http://127.0.0.1:${served.http.port}`;
    }
    expect(target.received.length).toBeGreaterThan(slowUntil);
    const ids = acknowledged(target);
    expect(ids.length).toBe(dispatched.size);
    expect(new Set(ids)).toEqual(dispatched);
    expect(errors).toEqual([]);
  });

  it('leases an endpoint to one claim (a lapsed holder cannot renew or release the next), and keeps a delivered message delivered', async () => {
    const leases = createPgDb({ connectionString: await createTestDatabase('webhook-leases'), schema: 'ledger' });
    try {
      await migrate(leases, await loadMigrations(new URL('../migrations/', import.meta.url)));
      const store = createPgWebhookStore(leases);
      await store.create({
        id: 'wh-leased',
        partnerId: 'operator',
        partnerKind: 'operator',
        kind: 'standard',
        url: 'https://partner.example/hooks',
        filter: { feed: {} },
        secrets: [],
        status: 'active',
        // Behind the feed's end (1 below): there is work, so the endpoint may be claimed.
        scannedThrough: 0n,
        resting: false,
        consecutiveFailures: 0,
        createdAt: new Date(),
      });
      expect((await store.claim('first', 100, 1n))?.id).toBe('wh-leased');
      expect(await store.claim('second', 60_000, 1n), 'held by the first claim').toBeUndefined();
      await eventually(async () => ((await store.claim('second', 60_000, 1n)) === undefined ? undefined : true), {
        description: 'the first lease lapsed and the second claim took the endpoint',
      });
      expect(await store.renew('wh-leased', 'first', 60_000)).toBe(false);
      await store.release('wh-leased', 'first');
      expect(await store.claim('third', 60_000, 1n), 'still the second claim’s').toBeUndefined();
      expect(await store.renew('wh-leased', 'second', 60_000)).toBe(true);
      await store.release('wh-leased', 'second');
      expect((await store.claim('third', 60_000, 1n))?.id).toBe('wh-leased');

      // A worker whose lease lapsed records its try's failure after another worker delivered the message.
      await store.enqueue('wh-leased', 0n, 1n, [{ position: 1n, messageId: 'e-1', nodeIds: ['B-1'], body: '{}' }]);
      await store.recordDelivered('wh-leased', [{ position: 1n, status: 204 }]);
      await store.recordTry('wh-leased', 1n, { kind: 'failed', error: 'no answer', nextAttemptAt: new Date() });
      expect((await store.deliveries('wh-leased', { limit: 10 })).map((delivery) => delivery.status)).toEqual([
        'delivered',
      ]);
    } finally {
      await leases.close();
    }
  });

  it('stops at once when stopped while its hourly prune of delivered messages runs', async () => {
    const errors: unknown[] = [];
    // No workers: only the prune runs.
    const dispatcher = aDispatcher({ workers: 0, pruneEveryMs: 3_600_000 }, errors);
    // The first prune's statement is under way now; a stop it missed would wait out the hour (the test's timeout).
    await dispatcher.stop();
    expect(errors).toEqual([]);
  });
});

describe('EPCIS', () => {
  const { validate, errorsText } = epcisSchemaValidator();
  const shipments = facts.filter(
    (fact) => fact.type === 'BatchShipped' || fact.type === 'LotDispatched' || fact.type === 'LotReturned',
  );

  it('answers GET /v1/epcis/events as EPCISQueryDocuments GS1’s schema accepts, paged with nextPageToken', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/v1/epcis/events?EQ_bizStep=shipping&perPage=40';
    let pages = 0;
    while (path !== undefined) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('gs1-epcis-version')).toBe('2.0.0');
      const document = (await response.json()) as QueryDocument;
      expect(validate(document), errorsText()).toBe(true);
      expect(document.type).toBe('EPCISQueryDocument');
      for (const event of document.epcisBody.queryResults.resultsBody.eventList) {
        expect(event.bizStep).toBe('shipping');
        seen.push(event.eventID);
      }
      path = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      pages += 1;
    }
    expect(seen).toHaveLength(shipments.length);
    expect(new Set(seen).size).toBe(shipments.length);
    expect(pages).toBeGreaterThan(1);
  });

  it('filters by time, action and EPC class, and refuses parameters it does not answer, naming them', async () => {
    const sample = facts.find((fact) => fact.type === 'BatchCollected')!;
    const node = nodeIdsOf(sample)[0]!;
    const document = (await (
      await fetch(
        `${base}/v1/epcis/events?MATCH_anyEPCClass=${encodeURIComponent(`https://id.vezel.dev/nodes/${node}`)}&EQ_action=ADD`,
      )
    ).json()) as QueryDocument;
    const events = document.epcisBody.queryResults.resultsBody.eventList;
    expect(events).toHaveLength(1);
    expect(events[0]?.bizStep).toBe('collecting');
    const late = (await (
      await fetch(`${base}/v1/epcis/events?GE_eventTime=2999-01-01T00:00:00Z`)
    ).json()) as QueryDocument;
    expect(late.epcisBody.queryResults.resultsBody.eventList).toEqual([]);
    for (const [query, field] of [
      ['EQ_action=DESTROY', 'EQ_action'],
      ['GE_eventTime=yesterday', 'GE_eventTime'],
      ['MATCH_epc=urn:epc:id:sgtin:1.2.3', 'MATCH_epc'],
      ['perPage=0', 'perPage'],
      ['nextPageToken=forged', 'nextPageToken'],
    ] as const) {
      const response = await fetch(`${base}/v1/epcis/events?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toMatchObject({ field });
    }
  });

  it('streams a subscription’s matching events as EPCISQueryDocuments signed with GS1-Signature', async () => {
    await eventually(() => (epcisReceiver.received.length >= shipments.length ? true : undefined), {
      description: 'every shipment sent to the subscriber',
      timeoutMs: 60_000,
    });
    const received = new Set<string>();
    for (const request of epcisReceiver.received) {
      const expected = createHmac('sha256', signatureToken).update(request.body).digest();
      const given = Buffer.from(String(request.headers['gs1-signature']), 'base64');
      expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
      const document = JSON.parse(request.body) as QueryDocument;
      expect(validate(document), errorsText()).toBe(true);
      expect(document.epcisBody.queryResults).toMatchObject({ queryName: 'shipments' });
      expect(document.epcisBody.queryResults.subscriptionID).toMatch(/^sub_/);
      for (const event of document.epcisBody.queryResults.resultsBody.eventList) {
        expect(event.bizStep).toBe('shipping');
        received.add(event.eventID);
      }
    }
    expect(received.size).toBe(shipments.length);
  });

  it('carries every event in EPCIS 2.0 on the gRPC stream too, with FEED_FORMAT_EPCIS', async () => {
    const client = createGrpcClient(LedgerService, `127.0.0.1:${served.grpc.port}`);
    try {
      const rendered: string[] = [];
      for await (const message of client.streamFeed({ afterPosition: 0n, poll: true, format: FeedFormat.EPCIS })) {
        const event = JSON.parse(message.epcisJson) as { eventID: string };
        expect(validate(event), errorsText()).toBe(true);
        expect(JSON.parse(message.factJson)).toMatchObject({ eventId: message.eventId });
        rendered.push(event.eventID);
      }
      // Every event but the containers' registrations, which EPCIS has no event for.
      expect(rendered).toHaveLength(facts.filter((fact) => fact.type !== 'ContainerRegistered').length);
    } finally {
      client.close();
    }
  });

  it('refuses scheduled subscriptions and unknown queries, naming the field', async () => {
    const scheduled = await call('POST', '/v1/epcis/queries/shipments/subscriptions', {
      dest: epcisReceiver.url,
      schedule: { hour: '1' },
    });
    expect(scheduled).toMatchObject({ status: 400, json: { field: 'schedule' } });
    expect(
      (await call('POST', '/v1/epcis/queries/nope/subscriptions', { dest: epcisReceiver.url, stream: true })).status,
    ).toBe(404);
    expect((await call('POST', '/v1/epcis/queries', { name: 'bad', query: { EQ_colour: 'red' } })).json).toMatchObject({
      field: 'query.EQ_colour',
    });
  });
});
