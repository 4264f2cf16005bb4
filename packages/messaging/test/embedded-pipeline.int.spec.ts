import { createPgliteDb, type Db } from '@vezel/db';
import { eventually } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendToOutbox,
  createPostgresEventLog,
  outboxSchemaSql,
  startOutboxRelay,
  type EventLog,
  type LoggedEvent,
} from '../src/index.ts';

describe('embedded pipeline on one PGlite database: outbox -> relay -> postgres event log -> consumer', () => {
  let db: Db;
  let log: EventLog;

  beforeAll(async () => {
    db = await createPgliteDb({});
    await db.query(outboxSchemaSql);
    await db.query(`create table batches (batch_id text primary key, grams bigint not null)`);
    log = await createPostgresEventLog({ db });
    await log.ensureTopics([{ name: 'vezel.collection.v1' }]);
  });
  afterAll(async () => {
    await log?.close();
    await db?.close();
  });

  it('delivers every committed event once per key order, while commands keep committing on the single connection', async () => {
    const received: LoggedEvent[] = [];
    const subscription = await log.subscribe({
      groupId: 'ledger',
      topics: ['vezel.collection.v1'],
      handleBatch: async (batch) => {
        // The consumer writes to the same single-connection database, as the embedded ledger does.
        await db.query(`select count(*) from batches`);
        received.push(...batch.events);
      },
    });
    const relay = await startOutboxRelay({ db, eventLog: log });
    const commands = Array.from({ length: 200 }, (_, index) =>
      db.transaction(async (tx) => {
        await tx.query(`insert into batches values ($1, $2)`, [`B-${index}`, BigInt(100_000 + index)]);
        await appendToOutbox(tx, [
          {
            topic: 'vezel.collection.v1',
            subject: `B-${index % 10}`,
            type: 'vezel.collection.v1.BatchCollected',
            source: '/vezel/collection',
            time: new Date('2026-05-04T07:15:00+02:00'),
            value: new TextEncoder().encode(String(index)),
          },
        ]);
      }),
    );
    await Promise.all(commands);
    try {
      await eventually(() => received.length >= 200, { description: '200 events consumed' });
    } finally {
      await relay.stop();
      await subscription.stop();
    }
    expect(received).toHaveLength(200);
    for (let key = 0; key < 10; key++) {
      const sequence = received
        .filter((event) => event.key === `B-${key}`)
        .map((event) => Number(new TextDecoder().decode(event.value)));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
    expect(await relay.backlog()).toBe(0);
  });
});
