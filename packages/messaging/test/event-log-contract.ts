import { fileURLToPath } from 'node:url';
import { eventually, killWhenItSays, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBatch, EventLog, LoggedEvent, SubscribeOptions } from '../src/index.ts';
import { anEvent } from './event-fixtures.ts';

/** How a contract run gets at one transport: a first instance, and a fresh one on the same log ("restart"). */
export interface EventLogHarness {
  readonly open: () => Promise<EventLog>;
  /** Environment for a child process that opens the same log (see fixtures/crashing-consumer.ts). */
  /** Absent for an in-process log (PGlite) that no second process can open. */
  readonly childEnv?: Record<string, string>;
  readonly dispose?: () => Promise<void>;
}

const crashingConsumer = fileURLToPath(new URL('./fixtures/crashing-consumer.ts', import.meta.url));

/** The one contract every EventLog adapter passes. */
export function describeEventLogContract(
  name: string,
  makeHarness: () => Promise<EventLogHarness>,
  capabilities: { readonly sharedAcrossProcesses: boolean; readonly concurrentPartitions?: boolean } = {
    sharedAcrossProcesses: true,
  },
): void {
  describe(`EventLog contract: ${name}`, () => {
    let harness: EventLogHarness;
    let log: EventLog;

    beforeAll(async () => {
      harness = await makeHarness();
      log = await harness.open();
    });
    afterAll(async () => {
      await log?.close();
      await harness?.dispose?.();
    });

    async function freshTopic(label: string): Promise<string> {
      const topic = uniqueTopicName(label);
      await log.ensureTopics([{ name: topic, partitions: 3 }]);
      return topic;
    }

    /** Collects events from a subscription until `until` holds. */
    async function consume(
      eventLog: EventLog,
      options: {
        topic: string;
        groupId: string;
        until: (events: LoggedEvent[]) => boolean;
        storedPosition?: SubscribeOptions['storedPosition'];
      },
    ): Promise<LoggedEvent[]> {
      const received: LoggedEvent[] = [];
      const subscription = await eventLog.subscribe({
        groupId: options.groupId,
        topics: [options.topic],
        ...(options.storedPosition === undefined ? {} : { storedPosition: options.storedPosition }),
        handleBatch: async (batch: EventBatch) => {
          received.push(...batch.events);
        },
      });
      try {
        await eventually(() => options.until(received), { description: 'events received', timeoutMs: 60_000 });
      } finally {
        await subscription.stop();
      }
      return received;
    }

    it('delivers the events of each key in the order they were published', async () => {
      const topic = await freshTopic('order');
      const keys = Array.from({ length: 8 }, (_, index) => `B-ORDER-${index}`);
      const published = [];
      for (let round = 0; round < 5; round++) {
        const records = Array.from({ length: 40 }, (_, index) =>
          anEvent({ topic, key: keys[(index * 7 + round) % keys.length]!, sequence: round * 40 + index }),
        );
        await log.publish(records);
        published.push(...records);
      }
      const received = await consume(log, {
        topic,
        groupId: uniqueGroupId('order'),
        until: (events) => events.length >= published.length,
      });
      expect(received).toHaveLength(published.length);
      for (const key of keys) {
        const sent = published.filter((event) => event.key === key).map((event) => event.headers['ce_id']);
        const got = received.filter((event) => event.key === key).map((event) => event.headers['ce_id']);
        expect(got).toEqual(sent);
      }
    });

    if (capabilities.concurrentPartitions)
      it('handles partitions concurrently when asked, each partition one batch at a time in order', async () => {
        const topic = await freshTopic('concurrent');
        const keys = Array.from({ length: 12 }, (_, index) => `B-CONC-${index}`);
        const published = Array.from({ length: 120 }, (_, index) =>
          anEvent({ topic, key: keys[index % keys.length]!, sequence: index }),
        );
        await log.publish(published);
        const received: LoggedEvent[] = [];
        const inFlight = new Set<number>();
        let mostInFlight = 0;
        let sameTwice = false;
        const subscription = await log.subscribe({
          groupId: uniqueGroupId('concurrent'),
          topics: [topic],
          maxBatchSize: 5,
          concurrentPartitions: 3,
          handleBatch: async (batch) => {
            if (inFlight.has(batch.partition)) sameTwice = true;
            inFlight.add(batch.partition);
            mostInFlight = Math.max(mostInFlight, inFlight.size);
            try {
              // Handing the turn over, as a handler waiting on its database does: the next partition's batch starts.
              await new Promise((resolve) => setImmediate(resolve));
              received.push(...batch.events);
            } finally {
              inFlight.delete(batch.partition);
            }
          },
        });
        try {
          await eventually(() => received.length >= published.length, {
            description: 'events received',
            timeoutMs: 60_000,
          });
        } finally {
          await subscription.stop();
        }
        expect(mostInFlight).toBeGreaterThan(1);
        expect(sameTwice).toBe(false);
        for (const key of keys) {
          const sent = published.filter((event) => event.key === key).map((event) => event.headers['ce_id']);
          expect(received.filter((event) => event.key === key).map((event) => event.headers['ce_id'])).toEqual(sent);
        }
      });

    it('round-trips key, value and every header byte for byte', async () => {
      const topic = await freshTopic('headers');
      const event = anEvent({ topic, key: 'L-2026-000042', sequence: 1 });
      await log.publish([event]);
      const [received] = await consume(log, {
        topic,
        groupId: uniqueGroupId('headers'),
        until: (events) => events.length === 1,
      });
      expect(received!.key).toBe(event.key);
      expect(Buffer.from(received!.value)).toEqual(Buffer.from(event.value));
      expect(received!.headers).toEqual(event.headers);
      expect(received!.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      expect(received!.offset).toBeTypeOf('bigint');
    });

    it('resumes a consumer group from its committed position after a restart', async () => {
      const topic = await freshTopic('resume');
      const groupId = uniqueGroupId('resume');
      const first = Array.from({ length: 30 }, (_, index) =>
        anEvent({ topic, key: `B-R-${index % 3}`, sequence: index }),
      );
      await log.publish(first);
      const before = await consume(log, { topic, groupId, until: (events) => events.length >= first.length });
      expect(before).toHaveLength(first.length);

      const second = Array.from({ length: 20 }, (_, index) =>
        anEvent({ topic, key: `B-R-${index % 3}`, sequence: 100 + index }),
      );
      await log.publish(second);
      const restarted = await harness.open();
      try {
        const after = await consume(restarted, { topic, groupId, until: (events) => events.length >= second.length });
        expect(after.map((event) => event.headers['ce_id']).sort()).toEqual(
          second.map((event) => event.headers['ce_id']).sort(),
        );
      } finally {
        await restarted.close();
      }
    });

    it('delivers again what a handler failed to process', async () => {
      const topic = await freshTopic('retry');
      const event = anEvent({ topic, key: 'B-RETRY', sequence: 1 });
      await log.publish([event]);
      let attempts = 0;
      const handled: string[] = [];
      const subscription = await log.subscribe({
        groupId: uniqueGroupId('retry'),
        topics: [topic],
        onError: () => undefined,
        handleBatch: async (batch) => {
          attempts++;
          if (attempts === 1) throw new Error('projection database unavailable');
          handled.push(...batch.events.map((item) => item.headers['ce_id']!));
        },
      });
      try {
        await eventually(() => handled.length === 1, { description: 'redelivery' });
      } finally {
        await subscription.stop();
      }
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(handled).toEqual([event.headers['ce_id']]);
    });

    // Only a log that another process can open can lose a consumer process; an in-process PGlite log cannot.
    if (capabilities.sharedAcrossProcesses)
      it('redelivers the batch a consumer was processing when its process was killed', async () => {
        const topic = await freshTopic('crash');
        const groupId = uniqueGroupId('crash');
        const events = Array.from({ length: 12 }, (_, index) =>
          anEvent({ topic, key: `B-C-${index % 4}`, sequence: index }),
        );
        await log.publish(events);

        // A real process that receives a batch and is SIGKILLed before it can commit.
        await killWhenItSays({
          script: crashingConsumer,
          marker: 'received',
          env: { ...harness.childEnv, TOPIC: topic, GROUP_ID: groupId },
        });

        const redelivered = await consume(log, {
          topic,
          groupId,
          until: (got) => new Set(got.map((e) => e.headers['ce_id'])).size >= events.length,
        });
        expect(new Set(redelivered.map((event) => event.headers['ce_id']))).toEqual(
          new Set(events.map((event) => event.headers['ce_id'])),
        );
      });

    it("resumes after a position the consumer stores itself, even behind the group's committed one and with nothing new", async () => {
      const topic = await freshTopic('stored');
      const groupId = uniqueGroupId('stored');
      const events = Array.from({ length: 10 }, (_, index) => anEvent({ topic, key: 'B-STORED', sequence: index }));
      await log.publish(events);
      // The group commits everything first: its committed position is the end of the log.
      const all = await consume(log, { topic, groupId, until: (got) => got.length >= 10 });
      const sixth = all[5]!;
      // Then the consumer's own data turns out to end at the sixth event (a rebuild, a restored backup) and nothing
      // new is published: the log must still redeliver the last four.
      const received = await consume(log, {
        topic,
        groupId,
        storedPosition: async (_topic, partition) => (partition === sixth.partition ? sixth.offset : undefined),
        until: (got) => got.length >= 4,
      });
      expect(received.map((event) => event.headers['ce_id'])).toEqual(
        events.slice(6).map((event) => event.headers['ce_id']),
      );
    });

    it("starts at the log's start when the consumer's own data holds nothing, whatever the group committed", async () => {
      const topic = await freshTopic('stored-none');
      const groupId = uniqueGroupId('stored-none');
      const events = Array.from({ length: 5 }, (_, index) => anEvent({ topic, key: 'B-NONE', sequence: index }));
      await log.publish(events);
      await consume(log, { topic, groupId, until: (got) => got.length >= 5 });
      // The consumer's data was replaced by tables that hold nothing of the topic (a rebuild that began before its
      // first event): the group's committed position would skip all five.
      const received = await consume(log, {
        topic,
        groupId,
        storedPosition: async () => -1n,
        until: (got) => got.length >= 5,
      });
      expect(received.map((event) => event.headers['ce_id'])).toEqual(events.map((event) => event.headers['ce_id']));
    });

    it('reports the end offsets of a topic', async () => {
      const topic = await freshTopic('ends');
      await log.publish(Array.from({ length: 5 }, (_, index) => anEvent({ topic, key: 'B-END', sequence: index })));
      const ends = await log.endOffsets(topic);
      const all = await consume(log, { topic, groupId: uniqueGroupId('ends'), until: (got) => got.length >= 5 });
      const last = all[all.length - 1]!;
      expect(ends.get(last.partition)).toBe(last.offset + 1n);
    });
  });
}
