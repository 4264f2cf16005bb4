import { once } from 'node:events';
import { createPgDb } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { createOperatorApiKey, startServiceMain, type ServiceMainProcess } from '@vezel/service-testing';
import {
  createTestDatabase,
  eventually,
  testKafkaBrokers,
  testKafkaSaslBrokers,
  uniqueTopicName,
} from '@vezel/testing';
import { describe, expect, it } from 'vitest';

/*
 * Where topics are provisioned by the operator (KAFKA_CREATE_TOPICS=false), a write service missing its topic does
 * not start; once the topic exists it starts and publishes. A broker it cannot reach does not stop it: the outbox
 * holds the events. The collection process stands for the four, which all start through runService.
 */

const main = new URL('../src/main.ts', import.meta.url);

function startCollectionProcess(
  databaseUrl: string,
  topic: string,
  env: Record<string, string> = {},
): ServiceMainProcess {
  return startServiceMain(main, {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    EVENT_TOPIC: topic,
    KAFKA_CREATE_TOPICS: 'false',
    OTEL_SDK_DISABLED: 'true',
    ...env,
  });
}

/**
 * Resolves once the process has ended and its output is all read ('close' comes after the streams end). Call it right
 * after the start: a promise asked for once the process is gone would never settle.
 */
async function ended(process: ServiceMainProcess): Promise<number | null> {
  const [code] = (await once(process.child, 'close')) as [number | null];
  return code;
}

/**
 * How a process expected to refuse to start ended: its exit code, everything it said (stderr and log lines), and
 * whether it listened after all. Pass it the process right after starting it (see `ended`).
 */
async function refusedStart(
  refused: ServiceMainProcess,
): Promise<{ readonly code: number | null; readonly said: string; readonly listened: boolean }> {
  const refusedEnded = ended(refused);
  try {
    // Either outcome ends the wait, so a process that starts after all fails its test rather than the timeout.
    await eventually(() => refused.child.exitCode !== null || refused.lines.some((line) => line.msg === 'listening'), {
      description: 'the process exiting or listening',
      timeoutMs: 60_000,
    });
  } finally {
    if (refused.child.exitCode === null) refused.child.kill('SIGKILL');
  }
  return {
    code: await refusedEnded,
    said: refused.stderr() + JSON.stringify(refused.lines),
    listened: refused.lines.some((line) => line.msg === 'listening'),
  };
}

async function registerContainer(listening: Record<string, unknown>, apiKey: string, containerId: string) {
  return fetch(`http://127.0.0.1:${String(listening['httpPort'])}/v1/collection/containers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ containerId, municipality: 'GM0150', channel: 'door-to-door' }),
  });
}

describe('the collection process with topic creation off', () => {
  it('refuses to start while its topic is missing, naming it and the setting, and starts and publishes once it exists', async () => {
    const databaseUrl = await createTestDatabase('collection_topics');
    const topic = uniqueTopicName('collection-unprovisioned');

    const refused = await refusedStart(startCollectionProcess(databaseUrl, topic));
    expect(refused.code).not.toBe(0);
    expect(refused.said).toContain(`Kafka topic ${topic} missing`);
    expect(refused.said).toContain('KAFKA_CREATE_TOPICS=false');
    expect(refused.listened).toBe(false);

    // The operator provisions the topic; the same configuration then starts.
    const operator = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'collection-topics-operator' });
    await operator.ensureTopics([{ name: topic, partitions: 1 }]);
    const collection = startCollectionProcess(databaseUrl, topic);
    const collectionEnded = ended(collection);
    try {
      const listening = await eventually(() => collection.lines.find((line) => line.msg === 'listening'), {
        description: 'the service listening once its topic exists',
        timeoutMs: 60_000,
      });
      const response = await registerContainer(listening, await createOperatorApiKey(databaseUrl), 'C-PROVISIONED');
      expect(response.status).toBe(201);
      await eventually(
        async () => [...(await operator.endOffsets(topic)).values()].reduce((sum, end) => sum + end, 0n) === 1n,
        { description: `the event on ${topic} (stderr: ${collection.stderr().slice(-1_000)})` },
      );
      collection.child.kill('SIGTERM');
      expect(await collectionEnded).toBe(0);
    } finally {
      if (collection.child.exitCode === null) collection.child.kill('SIGKILL');
      await operator.close();
    }
  }, 120_000);

  it('starts when the broker cannot be reached, warning that it could not check its topic', async () => {
    const databaseUrl = await createTestDatabase('collection_topics_down');
    const topic = uniqueTopicName('collection-unchecked');
    // Nothing listens on port 1: every connection is refused, as with a broker that is down.
    const collection = startCollectionProcess(databaseUrl, topic, { KAFKA_BROKERS: '127.0.0.1:1' });
    const collectionEnded = ended(collection);
    const db = createPgDb({ connectionString: databaseUrl, schema: 'collection' });
    try {
      const listening = await eventually(() => collection.lines.find((line) => line.msg === 'listening'), {
        description: 'the service listening with Kafka down',
        timeoutMs: 60_000,
      });
      const warning = collection.lines.find((line) => line.msg.startsWith('cannot check that the topics exist'));
      expect(warning).toMatchObject({ level: 'warn', topics: [topic] });
      const response = await registerContainer(listening, await createOperatorApiKey(databaseUrl), 'C-UNCHECKED');
      expect(response.status).toBe(201);
      const waiting = await db.query<{ key: string }>(`select key from outbox where sent_at is null`);
      expect(waiting.rows).toEqual([{ key: 'C-UNCHECKED' }]);
    } finally {
      collection.child.kill('SIGKILL');
      await collectionEnded;
      await db.close();
    }
  }, 120_000);
});

describe('the collection process over a SASL listener', () => {
  const sasl = (password: string): Record<string, string> => ({
    KAFKA_BROKERS: testKafkaSaslBrokers().join(','),
    KAFKA_CREATE_TOPICS: 'true',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: 'vezel',
    KAFKA_SASL_PASSWORD: password,
  });

  it('refuses to start with credentials the broker refuses, naming the settings, and starts with the right ones', async () => {
    const databaseUrl = await createTestDatabase('collection_sasl');
    const topic = uniqueTopicName('collection-sasl');
    const refused = await refusedStart(startCollectionProcess(databaseUrl, topic, sasl('not-the-password')));
    expect(refused.code).not.toBe(0);
    expect(refused.said).toContain('the broker refused the SASL credentials');
    expect(refused.said).toContain('KAFKA_SASL_PASSWORD');
    expect(refused.listened).toBe(false);

    const collection = startCollectionProcess(databaseUrl, topic, sasl('vezel-local-secret'));
    const collectionEnded = ended(collection);
    try {
      await eventually(() => collection.lines.find((line) => line.msg === 'listening'), {
        description: `the service listening with the right password (stderr: ${collection.stderr().slice(-1_000)})`,
        timeoutMs: 60_000,
      });
      collection.child.kill('SIGTERM');
      expect(await collectionEnded).toBe(0);
    } finally {
      if (collection.child.exitCode === null) collection.child.kill('SIGKILL');
    }
  }, 120_000);
});
