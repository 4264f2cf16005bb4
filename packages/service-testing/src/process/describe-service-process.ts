import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createPgDb, type Db } from '@vezel/db';
import {
  createKafkaEventLog,
  toCloudEventHeaders,
  uuidv7,
  type EventLog,
  type LoggedEvent,
  type Subscription,
} from '@vezel/messaging';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorApiKey } from '../operator-api-key.ts';
import { startServiceMain, type LogLine } from './start-service-main.ts';

/** A command sent over HTTP to the running process; it must answer 201. */
export interface ProcessRequest {
  readonly path: string;
  readonly body: unknown;
}

/** What is specific to one service in the shared process tests. */
export interface ServiceProcessSpecification {
  /** The service name: its schema, topic `vezel.<name>.v1` and CloudEvents source `/vezel/<name>`. */
  readonly name: string;
  /** Its `src/main.ts`. */
  readonly main: URL;
  /** The SIGTERM drain test: commands sent first, and the events they publish. */
  readonly drain: {
    readonly requests: readonly ProcessRequest[];
    /** The key the requests' events share, and their `ce_type`s in order. */
    readonly key: string;
    readonly eventTypes: readonly string[];
    /** The `ce_type` of the rows written straight into the outbox, which only the drain at shutdown publishes. */
    readonly lateEventType: string;
  };
  /** The postgres transport test: one command, and the one event it logs. */
  readonly postgresTransport: {
    readonly request: ProcessRequest;
    readonly key: string;
    readonly eventType: string;
  };
  /** The fail-fast test: an invalid environment (no DATABASE_URL), and a message for each bad variable. */
  readonly badConfig: {
    readonly env: Record<string, string>;
    readonly messages: readonly string[];
  };
}

/**
 * The tests every write-side service process must pass, run on its real `src/main.ts` in a child process:
 * SIGTERM drains the outbox and exits 0, writing JSON log lines (a request's in its trace) that hold none of the
 * credentials it was given or shown; the postgres event transport works without Kafka; and bad configuration fails
 * fast naming each variable.
 */
export function describeServiceProcess(spec: ServiceProcessSpecification): void {
  const { name } = spec;
  const main = spec.main;

  describe(`the ${name} process (src/main.ts)`, () => {
    let databaseUrl: string;
    let db: Db;
    let kafka: EventLog;
    let topic: string;
    let subscription: Subscription;
    const received: LoggedEvent[] = [];

    beforeAll(async () => {
      databaseUrl = await createTestDatabase(`${name}_main`);
      db = createPgDb({ connectionString: databaseUrl, schema: name });
      topic = uniqueTopicName(`${name}-main`);
      kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: `${name}-main-observer` });
      await kafka.ensureTopics([{ name: topic }]);
      subscription = await kafka.subscribe({
        groupId: uniqueGroupId(`${name}_main`),
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
      // The test server trusts local connections and never asks for the password; a server that does ask has one in
      // the URL already. Either way the process is given one, and must never write it.
      const serviceDatabaseUrl = new URL(databaseUrl);
      serviceDatabaseUrl.password ||= `pw-${randomBytes(12).toString('hex')}`;
      const { child, lines, stderr } = startServiceMain(main, {
        DATABASE_URL: serviceDatabaseUrl.href,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        EVENT_TOPIC: topic,
        LOG_LEVEL: 'debug',
      });
      const exited = once(child, 'exit');
      // Every byte of standard output, not only what parses: a credential in a line that is not JSON counts too.
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const closed = once(child, 'close');
      try {
        const listening = await eventually(() => lines.find((line) => line.msg === 'listening'), {
          description: `the service listening (stderr: ${stderr()})`,
        });
        expect(listening).toMatchObject({ auth: 'enabled' });
        const url = `http://127.0.0.1:${String(listening['httpPort'])}`;
        // Authentication is on unless switched off by name: without a credential nothing is recorded.
        const [first] = spec.drain.requests;
        const refused = await postJson(url + first!.path, first!.body);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const unknownKey = `vzk_${randomBytes(8).toString('hex')}_${randomBytes(24).toString('hex')}`;
        expect((await postJson(url + first!.path, first!.body, { apiKey: unknownKey })).status).toBe(401);
        const apiKey = await createOperatorApiKey(databaseUrl);
        // The requests continue a trace of ours, so their log lines can be told apart and checked for its id.
        const traceId = randomBytes(16).toString('hex');
        for (const request of spec.drain.requests) {
          const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
          const response = await postJson(url + request.path, request.body, { apiKey, traceparent });
          expect(response.status, request.path).toBe(201);
        }

        // Rows the relay has not been told about (no NOTIFY) and would only find on its next poll: only the drain at
        // shutdown publishes them before the process exits.
        const late = Array.from({ length: 20 }, (_, index) => `LATE-${index}`);
        for (const key of late) {
          const headers = toCloudEventHeaders({
            id: uuidv7(),
            type: spec.drain.lateEventType,
            source: `/vezel/${name}`,
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
        expect(
          received.filter((event) => event.key === spec.drain.key).map((event) => event.headers['ce_type']),
        ).toEqual(spec.drain.eventTypes);
        await expect(fetch(`${url}/healthz`)).rejects.toThrow();

        // The logs of the whole authenticated run: JSON lines with a level, and no credential anywhere in them.
        await closed;
        for (const secret of [apiKey, unknownKey, serviceDatabaseUrl.password]) {
          expect(stdout).not.toContain(secret);
          expect(stderr()).not.toContain(secret);
        }
        const written = stdout
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as LogLine);
        for (const line of written) {
          expect(line['level']).toMatch(/^(debug|info|warn|error)$/);
          expect(line['service']).toBe(name);
        }
        // One line per HTTP request, written in the request's span: the two refused ones, then ours in our trace.
        const requests = written.filter((line) => line.msg === 'request');
        expect(requests.map((line) => line['status'])).toEqual([401, 401, ...spec.drain.requests.map(() => 201)]);
        for (const line of requests) {
          expect(line).toMatchObject({
            method: 'POST',
            trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
            span_id: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
          });
        }
        expect(requests.slice(2).map((line) => [line['path'], line['trace_id']])).toEqual(
          spec.drain.requests.map((request) => [request.path, traceId]),
        );
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });

    it(`runs on the PostgreSQL event transport without Kafka, publishing to vezel.${name}.v1 in the shared log`, async () => {
      const transportDatabase = await createTestDatabase(`${name}_pg_transport`);
      const { child, lines, stderr } = startServiceMain(main, {
        DATABASE_URL: transportDatabase,
        EVENT_TRANSPORT: 'postgres',
        OTEL_SDK_DISABLED: 'true',
      });
      const exited = once(child, 'exit');
      const eventLog = createPgDb({ connectionString: transportDatabase, schema: 'event_log' });
      try {
        const listening = await eventually(() => lines.find((line) => line.msg === 'listening'), {
          description: `the service listening (stderr: ${stderr()})`,
        });
        expect(listening).toMatchObject({ eventTransport: 'postgres', schema: name });
        const { request } = spec.postgresTransport;
        const response = await postJson(
          `http://127.0.0.1:${String(listening['httpPort'])}${request.path}`,
          request.body,
          { apiKey: await createOperatorApiKey(transportDatabase) },
        );
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
        expect(logged).toEqual([
          { topic: `vezel.${name}.v1`, key: spec.postgresTransport.key, type: spec.postgresTransport.eventType },
        ]);
        child.kill('SIGTERM');
        const [code] = (await exited) as [number | null];
        expect(code).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await eventLog.close();
      }
    });

    it('fails fast at start-up, naming each missing or invalid variable', async () => {
      const { child, stderr } = startServiceMain(main, { ...spec.badConfig.env, OTEL_SDK_DISABLED: 'true' });
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).not.toBe(0);
      for (const message of spec.badConfig.messages) expect(stderr()).toContain(message);
    });
  });
}

async function postJson(
  url: string,
  body: unknown,
  options: { readonly apiKey?: string; readonly traceparent?: string } = {},
): Promise<Response> {
  const { apiKey, traceparent } = options;
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
      ...(traceparent === undefined ? {} : { traceparent }),
    },
    body: JSON.stringify(body),
  });
}
