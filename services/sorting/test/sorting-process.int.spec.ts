import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, toCloudEventHeaders, uuidv7, type EventLog, type LoggedEvent, type Subscription } from '@vezel/messaging';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface LogLine {
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** Runs `src/main.ts` as production does, with the telemetry hook, and collects its JSON log lines. */
function startMain(env: Record<string, string>): { child: ChildProcess; lines: LogLine[]; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', '@vezel/telemetry/register', main], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', HTTP_PORT: '0', GRPC_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { child, lines, stderr: () => stderr };
}

describe('the sorting process (src/main.ts)', () => {
  let databaseUrl: string;
  let db: Db;
  let kafka: EventLog;
  let topic: string;
  let subscription: Subscription;
  const received: LoggedEvent[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('sorting_main');
    db = createPgDb({ connectionString: databaseUrl, schema: 'sorting' });
    topic = uniqueTopicName('sorting-main');
    kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'sorting-main-observer' });
    await kafka.ensureTopics([{ name: topic }]);
    subscription = await kafka.subscribe({
      groupId: uniqueGroupId('sorting_main'),
      topics: [topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
  });
  afterAll(async () => {
    await subscription?.stop();
    await kafka?.close();
    await db?.close();
  });

  it('on SIGTERM stops taking requests, drains the outbox to Kafka, closes and exits 0', async () => {
    const { child, lines, stderr } = startMain({
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      EVENT_TOPIC: topic,
    });
    const exited = once(child, 'exit');
    try {
      const listening = await eventually(() => lines.find((line) => line.msg === 'listening'), {
        description: `the service listening (stderr: ${stderr()})`,
      });
      const url = `http://127.0.0.1:${String(listening['httpPort'])}`;
      const receipt = await fetch(`${url}/v1/sorting/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receiptId: 'R-MAIN', nodeId: 'B-MAIN', centreId: 'SC-1', grams: 10, receivedAt: '2026-03-02T07:30:00Z' }),
      });
      expect(receipt.status).toBe(201);

      // Rows the relay has not been told about (no NOTIFY) and would only find on its next poll: only the drain at
      // shutdown publishes them before the process exits.
      const late = Array.from({ length: 20 }, (_, index) => `LATE-${index}`);
      for (const key of late) {
        const headers = toCloudEventHeaders({
          id: uuidv7(),
          type: 'vezel.sorting.v1.NodeReceivedAtCentre',
          source: '/vezel/sorting',
          subject: key,
          time: new Date(),
        });
        await db.query(`insert into outbox (topic, key, value, headers) values ($1, $2, $3, $4::jsonb)`, [
          topic,
          key,
          new Uint8Array(),
          JSON.stringify(headers),
        ]);
      }
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];

      expect(code).toBe(0);
      const messages = lines.map((line) => line.msg);
      expect(messages).toEqual(expect.arrayContaining(['shutting down', 'outbox drained', 'stopped']));
      expect(messages.indexOf('outbox drained')).toBeLessThan(messages.indexOf('stopped'));
      expect((await db.query(`select 1 from outbox where sent_at is null`)).rowCount).toBe(0);
      await eventually(() => late.every((key) => received.some((event) => event.key === key)), {
        description: 'the late rows on the topic',
      });
      expect(received.filter((event) => event.key === 'B-MAIN').map((event) => event.headers['ce_type'])).toEqual([
        'vezel.sorting.v1.NodeReceivedAtCentre',
      ]);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('runs on the PostgreSQL event transport without Kafka, publishing to vezel.sorting.v1 in the shared log', async () => {
    const transportDatabase = await createTestDatabase('sorting_pg_transport');
    const { child, lines, stderr } = startMain({ DATABASE_URL: transportDatabase, EVENT_TRANSPORT: 'postgres', OTEL_SDK_DISABLED: 'true' });
    const exited = once(child, 'exit');
    const eventLog = createPgDb({ connectionString: transportDatabase, schema: 'event_log' });
    try {
      const listening = await eventually(() => lines.find((line) => line.msg === 'listening'), {
        description: `the service listening (stderr: ${stderr()})`,
      });
      expect(listening).toMatchObject({ eventTransport: 'postgres', schema: 'sorting' });
      const response = await fetch(`http://127.0.0.1:${String(listening['httpPort'])}/v1/sorting/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receiptId: 'R-PG', nodeId: 'B-PG', centreId: 'SC-1', grams: 10, receivedAt: '2026-03-02T07:30:00Z' }),
      });
      expect(response.status).toBe(201);
      const logged = await eventually(
        async () => {
          const { rows } = await eventLog.query<{ topic: string; key: string; type: string }>(
            `select topic, key, headers->>'ce_type' as type from event_log`,
          );
          return rows.length > 0 ? rows : undefined;
        },
        { description: 'the event in the postgres event log' },
      );
      expect(logged).toEqual([{ topic: 'vezel.sorting.v1', key: 'B-PG', type: 'vezel.sorting.v1.NodeReceivedAtCentre' }]);
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await eventLog.close();
    }
  });

  it('fails fast at start-up, naming each missing or invalid variable', async () => {
    const { child, stderr } = startMain({ KAFKA_BROKERS: 'kafka', GRPC_PORT: 'ninety', OTEL_SDK_DISABLED: 'true' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).not.toBe(0);
    expect(stderr()).toContain('DATABASE_URL is required');
    expect(stderr()).toContain('GRPC_PORT must be a TCP port');
    expect(stderr()).toContain('KAFKA_BROKERS must list host:port pairs');
  });
});
