import { request, type IncomingMessage } from 'node:http';
import { LedgerService } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { createGrpcClient } from '@vezel/rpc';
import { startServiceModule, type RunningServiceModule } from '@vezel/service-kit';
import { createTestDatabase, eventually } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChain } from '../bench/generate-chain.ts';
import { seededRandom } from '../bench/seeded-random.ts';
import { createFeedTailCache } from '../src/adapters/postgres/feed-tail-cache.ts';
import { readFeedPage, readSettledFeedEnd } from '../src/adapters/postgres/read-feed-page.ts';
import { refreshStepLockSql } from '../src/adapters/postgres/refresh-derived-figures.ts';
import { LEDGER_FACT_TYPES } from '../src/domain/index.ts';
import { createLedgerModule } from '../src/module.ts';
import { ledgerModuleDependencies } from './support/ledger-module-dependencies.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';
import { epcisSchemaValidator } from './support/epcis-schema.ts';

/*
 * The feed's guarantees that need volume: a subscriber that reads nothing is cut off once the server holds more
 * than its limit for it (the kernel's socket buffers, about 4.4 MB on this machine's loopback, fill first), told
 * why and where to resume; and a rebuild keeps every event's position.
 */
const EVENTS = 15_000;
let chain: LedgerUnderTest;
let db: Db;
let served: RunningServiceModule;
let base: string;

beforeAll(async () => {
  chain = await aLedgerUnderTest('feed-stream');
  const databaseUrl = await createTestDatabase('feed-stream-module');
  db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  const module = await createLedgerModule(ledgerModuleDependencies(databaseUrl, db, chain.eventLog), {
    topics: chain.topics,
    groupId: `feed-stream-${Date.now()}`,
    // A read scans 1,000 positions at most: the polls below cross many windows.
    feedLimits: { maxUnreadBytes: 256 * 1024, pageSize: 200, stallMs: 1_000, scanWindow: 1_000 },
  });
  served = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
  base = `http://127.0.0.1:${served.http.port}/v1/ledger`;
  const facts = [...generateChain({ seed: 77, events: EVENTS })];
  // In chunks: one request of everything would be over the broker's message size limit.
  for (let start = 0; start < facts.length; start += 2_000) await chain.publishFacts(facts.slice(start, start + 2_000));
  await eventually(
    async () => {
      const lag = await getLag();
      return lag.eventsBehind === 0 && lag.derivedPending === 0 ? true : undefined;
    },
    { description: 'the ledger settled', timeoutMs: 120_000 },
  );
}, 180_000);

afterAll(async () => {
  await served?.stop();
  await db?.close();
  await chain?.close();
});

interface Lag {
  readonly eventsBehind: number;
  readonly derivedPending: number;
  readonly feed: { readonly subscribers: number; readonly slowDisconnects: number };
}

async function getLag(): Promise<Lag> {
  return (await (await fetch(`${base}/lag`)).json()) as Lag;
}

/** Every position and event id of the feed, from a poll. */
async function feedPositions(): Promise<Map<string, string>> {
  const text = await (await fetch(`${base}/feeds/events?after=0&follow=false`)).text();
  return new Map(
    [...text.matchAll(/^id: (\d+)\nevent: \w+\ndata: (.*)$/gm)].map(([, id, data]) => [
      (JSON.parse(data!) as { eventId: string }).eventId,
      id!,
    ]),
  );
}

describe('the feed under volume', () => {
  it('has every event once, at positions 1 to n', async () => {
    const positions = await feedPositions();
    expect(positions.size).toBe(EVENTS);
    expect([...positions.values()].map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: EVENTS }, (_, index) => index + 1),
    );
  });

  it('cuts off a subscriber that reads nothing, telling it why and where to resume', async () => {
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${base}/feeds/events?after=0`, resolve).on('error', reject).end();
    });
    answer.pause();
    await eventually(async () => ((await getLag()).feed.slowDisconnects === 1 ? true : undefined), {
      description: 'the server cut off the subscriber that reads nothing',
    });
    let text = '';
    answer.setEncoding('utf8');
    for await (const chunk of answer) text += chunk as string;
    const cut = JSON.parse(/event: error\ndata: (.*)\n\n$/.exec(text)![1]!) as { reason: string; lastEventId: string };
    expect(cut.reason).toMatch(
      /^this subscriber left more than 262144 bytes unread; reconnect with Last-Event-ID \d+$/,
    );
    // Where to resume is the last event it was sent, and nothing after it was.
    expect([...text.matchAll(/^id: (\d+)$/gm)].at(-1)![1]).toBe(cut.lastEventId);
    expect((await getLag()).feed.subscribers).toBe(0);
  });

  it('ends a gRPC subscriber that takes no event, with RESOURCE_EXHAUSTED naming where to resume', async () => {
    const before = (await getLag()).feed.slowDisconnects;
    const client = createGrpcClient(LedgerService, `127.0.0.1:${served.grpc.port}`);
    try {
      const stream = client.streamFeed({ afterPosition: 0n })[Symbol.asyncIterator]();
      expect((await stream.next()).value).toMatchObject({ position: 1n });
      // Flow control fills while nobody reads; the server gives up after stallMs.
      await eventually(async () => ((await getLag()).feed.slowDisconnects > before ? true : undefined), {
        description: 'the server ended the subscriber that takes nothing',
      });
      const ending = (async () => {
        for (let next = await stream.next(); next.done !== true; next = await stream.next()) void next;
      })();
      await expect(ending).rejects.toMatchObject({
        code: 8,
        details: expect.stringMatching(
          /^this subscriber took no event for 1000 ms; resume with after_position \d+$/,
        ) as string,
      });
    } finally {
      client.close();
    }
  });

  it('renders every event as GS1 EPCIS 2.0 that GS1’s schema accepts, with format=epcis', async () => {
    const { validate, errorsText } = epcisSchemaValidator();
    const text = await (await fetch(`${base}/feeds/events?after=0&follow=false&format=epcis`)).text();
    const events = [...text.matchAll(/^id: (\d+)\nevent: (\w+)\ndata: (.*)$/gm)];
    // Every fact but the containers' registrations (master data, no EPCIS event).
    expect(events.length).toBeGreaterThan(EVENTS * 0.9);
    expect(events.some(([, , type]) => type === 'ContainerRegistered')).toBe(false);
    const invalid = events.filter(([, , , data]) => !validate(JSON.parse(data!)));
    expect(invalid.slice(0, 3).map(([, id]) => `${id}: ${errorsText()}`)).toEqual([]);
    const kinds = new Set(events.map(([, , , data]) => (JSON.parse(data!) as { type: string }).type));
    expect([...kinds].sort()).toEqual(['ObjectEvent', 'TransformationEvent']);
  });

  it('answers live reads from the shared tail exactly as the database does, for every filter and reader', async () => {
    const { rows: readerRows } = await db.query<{ reader: string }>(
      `select reader from (select distinct unnest(readers) as reader from ledger_node_holder_sets) r order by reader limit 12`,
    );
    const { rows: sample } = await db.query<{ node: string; municipality: string }>(
      `select node_id as node, municipality from ledger_node_municipalities order by node_id limit 5`,
    );
    const end = await readSettledFeedEnd(db);
    const draw = seededRandom(2026);
    const random = () => draw.next();
    const pick = <T>(items: readonly T[]): T => draw.pick(items);
    // The tail serves what settles after it starts, from its first read on: the last 1,500 events are unsettled
    // before that read and settled after it, as the refresher would.
    const tail = createFeedTailCache(db);
    // The ledger's refresher must not settle the feed meanwhile: idle, it would move the position back to the end
    // before the tail's first read. Settling takes the refresh's finishing lock, held here until the test ends.
    const finishing = Promise.withResolvers<void>();
    const holding = Promise.withResolvers<void>();
    const held = db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(${refreshStepLockSql('finish')})`);
      holding.resolve();
      await finishing.promise;
    });
    await holding.promise;
    let compared = 0;
    let servable = 0;
    try {
      await db.query(`update ledger_feed_settled set position = $1`, [String(end - 1_500n)]);
      expect(await tail.read({ after: end - 1_600n, limit: 1 })).toBeUndefined();
      await db.query(`update ledger_feed_settled set position = $1`, [String(end)]);
      // A replay, or a subscriber that fell behind the latest settled range: the database's.
      expect(await tail.read({ after: end - 1_501n, limit: 1 })).toBeUndefined();
      expect(await tail.read({ after: 0n, limit: 1, latest: true })).toBeUndefined();
      for (let n = 0; n < 300; n += 1) {
        const after = end - BigInt(1 + Math.floor(random() * 1_500));
        const request = {
          after,
          limit: pick([1, 7, 50, 500]),
          ...(random() < 0.3 ? { types: [pick(LEDGER_FACT_TYPES), pick(LEDGER_FACT_TYPES)] } : {}),
          ...(random() < 0.2 ? { nodeId: pick(sample).node } : {}),
          ...(random() < 0.2 ? { municipality: pick(sample).municipality } : {}),
          ...(random() < 0.7 ? { readers: new Set([pick(readerRows).reader, pick(readerRows).reader]) } : {}),
          ...(random() < 0.3 ? { scanWindow: 100 } : {}),
        };
        // A read the scan window stops short of the end is the database's.
        if (request.scanWindow === undefined || after + 100n >= end) servable += 1;
        const fromTail = await tail.read(request);
        const fromDatabase = await readFeedPage(db, request);
        if (fromTail === undefined) continue;
        compared += 1;
        expect(
          { ...fromTail, events: fromTail.events.map((event) => event.position) },
          JSON.stringify(request, (_key, value: unknown) =>
            value instanceof Set ? [...value] : typeof value === 'bigint' ? value.toString() : value,
          ),
        ).toEqual({ ...fromDatabase, events: fromDatabase.events.map((event) => event.position) });
      }
    } finally {
      finishing.resolve();
      await held;
    }
    // Every read from within the latest range to the end is the tail's to answer.
    expect(compared).toBe(servable);
    expect(compared).toBeGreaterThan(200);
  });

  it('keeps every event’s position through a rebuild, events arriving meanwhile included', async () => {
    const before = await feedPositions();
    expect((await fetch(`${base}/rebuild`, { method: 'POST' })).status).toBe(202);
    // Published while the rebuild runs: the live ledger and the replay may each apply them first.
    const later = [...generateChain({ seed: 99, events: 300 })];
    await chain.publishFacts(later);
    await eventually(
      async () => {
        const status = (await (await fetch(`${base}/rebuild`)).json()) as { state: string };
        if (status.state === 'failed') throw new Error('the rebuild failed');
        return status.state === 'done' ? true : undefined;
      },
      { description: 'the rebuild finished', timeoutMs: 120_000 },
    );
    await eventually(
      async () => {
        const lag = await getLag();
        return lag.eventsBehind === 0 && lag.derivedPending === 0 ? true : undefined;
      },
      { description: 'the ledger settled after the rebuild', timeoutMs: 60_000 },
    );
    const after = await feedPositions();
    // Every event once, positions 1 to n without a gap, and the ones from before where they were.
    expect(after.size).toBe(EVENTS + later.length);
    expect([...after.values()].map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: after.size }, (_, index) => index + 1),
    );
    for (const [eventId, position] of before) expect(after.get(eventId)).toBe(position);
  });
});
