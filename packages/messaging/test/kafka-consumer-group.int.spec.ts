import { consumerGroupAssignment, eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafkaEventLog,
  type EventLog,
  type EventRecord,
  type LoggedEvent,
  type Subscription,
} from '../src/index.ts';
import { anEvent } from './event-fixtures.ts';

// Kafka's consumer groups, beyond what the transport-neutral contract asks: members joining and leaving, and stop.
// Long enough that a member which left without saying so would still hold its partitions when a check gives up.
const SESSION_TIMEOUT_MS = 45_000;

describe('Kafka consumer groups (@platformatic/kafka)', () => {
  let log: EventLog;

  beforeAll(() => {
    log = createKafkaEventLog({
      brokers: testKafkaBrokers(),
      clientId: 'group-test',
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
  });
  afterAll(async () => {
    await log?.close();
  });

  async function publishRound(topic: string, round: number): Promise<EventRecord[]> {
    const events = Array.from({ length: 30 }, (_, index) =>
      anEvent({ topic, key: `B-GROUP-${index}`, sequence: round * 100 + index }),
    );
    await log.publish(events);
    return events;
  }

  function member(topic: string, groupId: string, received: LoggedEvent[]): Promise<Subscription> {
    return log.subscribe({
      groupId,
      topics: [topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
  }

  const ids = (events: readonly (EventRecord | LoggedEvent)[]) =>
    new Set(events.map((event) => event.headers['ce_id']));
  const holdsAll = (received: readonly LoggedEvent[], sent: readonly EventRecord[]) =>
    [...ids(sent)].every((id) => ids(received).has(id));

  it('shares the partitions with a member that joins and takes them back when it leaves, losing nothing', async () => {
    const topic = uniqueTopicName('group');
    await log.ensureTopics([{ name: topic, partitions: 3 }]);
    const groupId = uniqueGroupId('group');
    const first: LoggedEvent[] = [];
    const second: LoggedEvent[] = [];

    const before = await publishRound(topic, 0);
    const a = await member(topic, groupId, first);
    try {
      await eventually(() => holdsAll(first, before), { description: 'the only member has every event' });
      // Every partition has events of each round, so whichever a joining member gets, it gets some.
      expect(new Set(first.map((event) => event.partition)).size).toBe(3);

      const b = await member(topic, groupId, second);
      await eventually(
        async () => {
          const members = [...(await consumerGroupAssignment(testKafkaBrokers(), groupId)).values()];
          return members.length === 2 && members.every((partitions) => partitions > 0);
        },
        { description: 'both members hold partitions' },
      );
      const during = await publishRound(topic, 1);
      await eventually(() => holdsAll([...first, ...second], during), { description: 'the two members have them' });
      expect(second.length).toBeGreaterThan(0);

      // Leaving hands the partitions over at once; waiting out the session would take longer than this check waits.
      await b.stop();
      const after = await publishRound(topic, 2);
      await eventually(() => holdsAll(first, after), {
        description: 'the remaining member has the events of every partition',
        timeoutMs: SESSION_TIMEOUT_MS - 15_000,
      });
    } finally {
      await a.stop();
    }
  });

  it('stops after the batch in hand is handled and committed, and leaves the group', async () => {
    const topic = uniqueTopicName('stop');
    await log.ensureTopics([{ name: topic, partitions: 1 }]);
    const groupId = uniqueGroupId('stop');
    await publishRound(topic, 0);
    const steps: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handled: LoggedEvent[] = [];
    const subscription = await log.subscribe({
      groupId,
      topics: [topic],
      handleBatch: async (batch) => {
        if (steps.length === 0) {
          steps.push('handling');
          await released;
        }
        handled.push(...batch.events);
        steps.push('handled');
      },
    });
    await eventually(() => steps.includes('handling'), { description: 'a batch in hand' });
    const stopping = subscription.stop().then(() => steps.push('stopped'));
    release();
    await stopping;
    expect(steps.slice(0, 3)).toEqual(['handling', 'handled', 'stopped']);
    expect((await consumerGroupAssignment(testKafkaBrokers(), groupId)).size).toBe(0);

    // What was handled before the stop was committed: the group resumes after it.
    const later = await publishRound(topic, 1);
    const resumed: LoggedEvent[] = [];
    const again = await member(topic, groupId, resumed);
    try {
      await eventually(() => holdsAll(resumed, later), { description: 'the events published after the stop' });
    } finally {
      await again.stop();
    }
    const handledBefore = ids(handled);
    const redelivered = resumed.filter((event) => handledBefore.has(event.headers['ce_id']));
    expect(redelivered).toEqual([]);
  });
});
