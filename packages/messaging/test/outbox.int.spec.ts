import { fileURLToPath } from 'node:url';
import { createPgDb, type Db } from '@vezel/db';
import {
  createTestDatabase,
  eventually,
  killWhenItSays,
  testKafkaBrokers,
  uniqueGroupId,
  uniqueTopicName,
} from '@vezel/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appendToOutbox,
  createKafkaEventLog,
  outboxSchemaSql,
  startOutboxRelay,
  type EventLog,
  type LoggedEvent,
  type OutboxMessage,
} from '../src/index.ts';

const crashingRelay = fileURLToPath(new URL('./fixtures/crashing-relay.ts', import.meta.url));

describe('transactional outbox with real PostgreSQL and Kafka', () => {
  let url: string;
  let db: Db;
  let kafka: EventLog;
  let topic: string;

  beforeAll(async () => {
    url = await createTestDatabase('outbox');
    db = createPgDb({ connectionString: url });
    await db.query(outboxSchemaSql);
    await db.query(`create table lots (lot_id text primary key, grams bigint not null)`);
    kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'outbox-test' });
  });
  afterAll(async () => {
    await kafka?.close();
    await db?.close();
  });
  beforeEach(async () => {
    topic = uniqueTopicName('outbox');
    await kafka.ensureTopics([{ name: topic, partitions: 3 }]);
    await db.query(`delete from outbox`);
    await db.query(`update outbox_relay_lease set owner = null, lease_until = null`);
  });

  function lotCreated(lotId: string, sequence = 0): OutboxMessage {
    return {
      topic,
      subject: lotId,
      type: 'vezel.sorting.v1.SortingRunCompleted',
      source: '/vezel/sorting',
      time: new Date('2026-04-02T14:00:00+02:00'),
      value: new TextEncoder().encode(`${lotId}#${sequence}`),
    };
  }

  async function consumeIds(expected: number): Promise<LoggedEvent[]> {
    const received: LoggedEvent[] = [];
    const subscription = await kafka.subscribe({
      groupId: uniqueGroupId('outbox'),
      topics: [topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    try {
      await eventually(() => new Set(received.map((event) => event.headers['ce_id'])).size >= expected, {
        description: `${expected} distinct events on ${topic}`,
        timeoutMs: 60_000,
      });
    } finally {
      await subscription.stop();
    }
    return received;
  }

  it('commits a state change and its outbox rows together', async () => {
    await db.transaction(async (tx) => {
      await tx.query(`insert into lots values ($1, $2)`, ['L-COMMIT', 125_000n]);
      await appendToOutbox(tx, [lotCreated('L-COMMIT')]);
    });
    const lots = await db.query(`select * from lots where lot_id = 'L-COMMIT'`);
    const rows = await db.query(`select key from outbox where key = 'L-COMMIT'`);
    expect(lots.rowCount).toBe(1);
    expect(rows.rowCount).toBe(1);
  });

  it('rolls back a state change and its outbox rows together', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into lots values ($1, $2)`, ['L-ROLLBACK', 125_000n]);
        await appendToOutbox(tx, [lotCreated('L-ROLLBACK')]);
        throw new Error('run does not balance');
      }),
    ).rejects.toThrow('run does not balance');
    expect((await db.query(`select 1 from lots where lot_id = 'L-ROLLBACK'`)).rowCount).toBe(0);
    expect((await db.query(`select 1 from outbox where key = 'L-ROLLBACK'`)).rowCount).toBe(0);
  });

  it('relays committed rows to Kafka in order per key with their CloudEvents headers', async () => {
    const messages = Array.from({ length: 60 }, (_, index) => lotCreated(`L-${index % 5}`, index));
    for (let start = 0; start < messages.length; start += 10) {
      await db.transaction((tx) => appendToOutbox(tx, messages.slice(start, start + 10)));
    }
    const relay = await startOutboxRelay({ db, eventLog: kafka });
    try {
      await relay.drain();
    } finally {
      await relay.stop();
    }
    expect(await relay.backlog()).toBe(0);
    const received = await consumeIds(messages.length);
    for (let key = 0; key < 5; key++) {
      const values = received
        .filter((event) => event.key === `L-${key}`)
        .map((event) => new TextDecoder().decode(event.value));
      const expected = messages
        .filter((message) => message.subject === `L-${key}`)
        .map((m) => new TextDecoder().decode(m.value));
      expect(values).toEqual(expected);
    }
    const first = received[0]!;
    expect(first.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'vezel.sorting.v1.SortingRunCompleted',
      ce_source: '/vezel/sorting',
      'content-type': 'application/protobuf',
    });
    expect(first.headers['ce_time']).toBe('2026-04-02T12:00:00.000Z');
    expect(first.headers['ce_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('publishes a late-committing lower id before the later events of its node, while batches are pipelined', async () => {
    // X#1 gets the lowest id but commits last; X#2 can only follow it (same node). A relay that reads "after the last
    // id it saw" would publish X#2 first.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAppended!: () => void;
    const appended = new Promise<void>((resolve) => (firstAppended = resolve));
    const slowCommit = db.transaction(async (tx) => {
      await appendToOutbox(tx, [lotCreated('L-X', 1)]);
      firstAppended();
      await firstHeld;
    });
    await appended;
    for (const other of ['L-A', 'L-B', 'L-C', 'L-D', 'L-E', 'L-F']) {
      await db.transaction((tx) => appendToOutbox(tx, [lotCreated(other)]));
    }
    let gateUsed = false;
    const gated: EventLog = {
      ...kafka,
      publish: async (records) => {
        if (!gateUsed) {
          gateUsed = true;
          // While the first batch is being published, X#1 commits and then X#2 is written.
          releaseFirst();
          await slowCommit;
          await db.transaction((tx) => appendToOutbox(tx, [lotCreated('L-X', 2)]));
        }
        await kafka.publish(records);
      },
    };
    const relay = await startOutboxRelay({ db, eventLog: gated, batchSize: 2 });
    try {
      await relay.drain();
    } finally {
      await relay.stop();
    }
    const received = await consumeIds(8);
    const xs = received.filter((event) => event.key === 'L-X').map((event) => new TextDecoder().decode(event.value));
    expect(xs).toEqual(['L-X#1', 'L-X#2']);
  });

  it('keeps events in the outbox while the broker is unreachable and publishes them once it is back', async () => {
    await db.transaction((tx) => appendToOutbox(tx, [lotCreated('L-OUTAGE-1'), lotCreated('L-OUTAGE-2')]));
    // Nothing listens on this loopback port: every publish fails like a broker outage.
    const unreachable = createKafkaEventLog({ brokers: ['127.0.0.1:1'], clientId: 'outage-test', logLevel: 'nothing' });
    const errors: unknown[] = [];
    const failing = await startOutboxRelay({
      db,
      eventLog: unreachable,
      onError: (error) => errors.push(error),
      leaseMs: 1_000,
    });
    await eventually(() => errors.length >= 1, { description: 'a failed publish' });
    await failing.stop();
    await unreachable.close();
    expect(await failing.backlog()).toBe(2);

    const relay = await startOutboxRelay({ db, eventLog: kafka, leaseMs: 1_000 });
    try {
      await relay.drain();
    } finally {
      await relay.stop();
    }
    const received = await consumeIds(2);
    expect(received.map((event) => event.key).sort()).toEqual(['L-OUTAGE-1', 'L-OUTAGE-2']);
  });

  it('loses nothing when the relay is killed between publish and mark-sent', async () => {
    const messages = Array.from({ length: 100 }, (_, index) => lotCreated(`L-CRASH-${index % 7}`, index));
    const ids = await db.transaction((tx) => appendToOutbox(tx, messages));

    await killWhenItSays({
      script: crashingRelay,
      marker: 'published',
      env: { DATABASE_URL: url, KAFKA_BROKERS: testKafkaBrokers().join(',') },
    });
    // The killed relay published its first batch but marked nothing sent.
    const { rows } = await db.query<{ count: bigint }>(`select count(*) as count from outbox where sent_at is null`);
    expect(rows[0]!.count).toBe(100n);

    const relay = await startOutboxRelay({ db, eventLog: kafka, leaseMs: 2_000 });
    try {
      await relay.drain(60_000);
    } finally {
      await relay.stop();
    }
    const received = await consumeIds(ids.length);
    const distinct = new Set(received.map((event) => event.headers['ce_id']));
    expect(distinct).toEqual(new Set(ids));
    // The batch published before the kill arrives twice: a duplicate, which consumers dedupe on ce_id.
    expect(received.length).toBeGreaterThanOrEqual(ids.length + 40);
  });
});
