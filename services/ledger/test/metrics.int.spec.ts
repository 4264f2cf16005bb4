import { once } from 'node:events';
import { eventCatalogue, LedgerService } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import { createGrpcClient } from '@vezel/rpc';
import { startServiceModule, type RunningServiceModule } from '@vezel/service-kit';
import { startServiceMain, type ServiceMainProcess } from '@vezel/service-testing';
import { startTelemetry, type Telemetry } from '@vezel/telemetry';
import {
  createTestDatabase,
  eventually,
  startWebhookReceiver,
  testKafkaBrokers,
  uniqueTopicName,
  type WebhookReceiver,
  prometheusTestEnvironment,
  type PrometheusTestEnvironment,
} from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChain } from '../bench/generate-chain.ts';
import { freePort } from '../bench/ledger-process.ts';
import { refreshStepLockSql } from '../src/adapters/postgres/refresh-derived-figures.ts';
import { ANOMALY_KINDS } from '../src/domain/index.ts';
import { createLedgerModule } from '../src/module.ts';
import { factToEventRecord, type TopicOf } from './support/fact-to-event-record.ts';
import { ledgerModuleDependencies } from './support/ledger-module-dependencies.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

/*
 * The ledger's Prometheus metrics, scraped from `/metrics` as Prometheus would. The process test runs the real
 * ledger (src/main.ts) on real Kafka and PostgreSQL and stalls its consumer in a principled way: a lock on the
 * positions table, which every applied batch must write, so nothing of a burst can be applied until the test lets
 * go. The lag must then read exactly the burst while the consumer stands still, and 0 once it has caught up.
 */

/** One sample of a scrape: `name{labels} value`. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

function samplesOf(text: string, name: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name, labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * Takes a table lock (`lock`, a LOCK TABLE statement) in a transaction of `db` and holds it until `release`, which
 * ends the transaction and may be called more than once.
 */
async function holdTableLock(db: Db, lock: string): Promise<{ release(): Promise<void> }> {
  const released = Promise.withResolvers<void>();
  const locked = Promise.withResolvers<void>();
  const holding = db.transaction(async (tx) => {
    await tx.query(lock);
    locked.resolve();
    await released.promise;
  });
  // A lock that fails ends the transaction: say so rather than wait for it forever.
  await Promise.race([locked.promise, holding]);
  return {
    async release() {
      released.resolve();
      await holding;
    },
  };
}

/** The value of `name` for `topic`, or undefined when the scrape has none. */
function topicValue(text: string, name: string, topic: string): number | undefined {
  return samplesOf(text, name).find((sample) => sample.labels['topic'] === topic)?.value;
}

describe('the ledger process’s /metrics', () => {
  const main = new URL('../src/main.ts', import.meta.url);
  const burstSize = 3_000;
  const warmUpSize = 500;
  let databaseUrl: string;
  let lockDb: Db;
  let eventLog: EventLog;
  let topicOf: TopicOf;
  let topics: string[];
  let ledger: ServiceMainProcess | undefined;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('ledger_metrics');
    lockDb = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
    eventLog = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'ledger-metrics', logLevel: 'nothing' });
    const topicByService = Object.fromEntries(
      Object.keys(eventCatalogue).map((service) => [service, uniqueTopicName(`metrics-${service}`)]),
    );
    topicOf = (service) => topicByService[service]!;
    topics = Object.values(topicByService);
    await eventLog.ensureTopics(topics.map((name) => ({ name, partitions: 2 })));
  });
  afterAll(async () => {
    if (ledger !== undefined && ledger.child.exitCode === null) ledger.child.kill('SIGKILL');
    await eventLog?.close();
    await lockDb?.close();
  });

  it('sees the consumer lag rise with a burst while the consumer is held, and fall to 0 once it catches up', async () => {
    const metricsPort = await freePort();
    ledger = startServiceMain(main, {
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: 'ledger',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      LEDGER_TOPICS: topics.join(','),
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    });
    const { stderr, lines } = ledger;
    const listening = await eventually(() => lines.find((line) => line.msg === 'listening'), {
      description: `the ledger listening (stderr: ${stderr()})`,
      timeoutMs: 60_000,
    });
    const scrape = async (): Promise<string> => {
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const lagOf = (text: string): (number | undefined)[] =>
      topics.map((topic) => topicValue(text, 'vezel_consumer_lag', topic));
    const appliedOf = (text: string): number =>
      samplesOf(text, 'vezel_consumer_events_applied_total')
        .filter((sample) => topics.includes(sample.labels['topic'] ?? ''))
        .reduce((sum, sample) => sum + sample.value, 0);
    /** Waits for a scrape with no lag on any topic and `applied` events applied. */
    const caughtUp = (applied: number, description: string): Promise<string> =>
      eventually(
        async () => {
          const text = await scrape();
          return lagOf(text).every((events) => events === 0) && appliedOf(text) === applied ? text : undefined;
        },
        { description, timeoutMs: 60_000 },
      );

    // Idle before anything is published: the lag reads 0 on every topic, not nothing.
    await caughtUp(0, 'the lag of an idle consumer reported as 0');

    // A first share of the chain, applied, so every collection partition has a last applied event with a time.
    const chain = [...generateChain({ seed: 77, events: warmUpSize + burstSize })].map((fact) =>
      factToEventRecord(fact, topicOf),
    );
    const warmUp = chain.slice(0, warmUpSize);
    const burst = chain.slice(warmUpSize);
    await eventLog.publish(warmUp);
    await caughtUp(warmUpSize, 'the warm-up applied');
    // The figure backlog by step (one reading for the three gauges).
    const backlogOf = (text: string, step: 'figures' | 'figures_lookups' | 'figures_batches') =>
      samplesOf(text, `vezel_ledger_${step}_pending`)[0]?.value;
    const figuresDone = async (description: string): Promise<string> =>
      eventually(
        async () => {
          const text = await scrape();
          const done = (['figures', 'figures_lookups', 'figures_batches'] as const).every(
            (step) => backlogOf(text, step) === 0,
          );
          return done ? text : undefined;
        },
        { description, timeoutMs: 120_000 },
      );
    await figuresDone("the warm-up's figures up to date");

    // Every applied batch writes its position: while this lock is held, none can commit. Reads go on.
    const positionsLock = await holdTableLock(lockDb, 'lock table ledger_positions in exclusive mode');
    // Node marks are looked up under these locks, one per lookup share: while they are held, the burst's marks wait
    // to be looked up, and no batch is marked or node mark finished.
    const lookupLocks = await holdTableLock(
      lockDb,
      `select pg_advisory_xact_lock(${refreshStepLockSql('convert-0')}),
              pg_advisory_xact_lock(${refreshStepLockSql('convert-1')})`,
    );
    try {
      await eventLog.publish(burst);
      const burstOn = (topic: string): number => burst.filter((record) => record.topic === topic).length;

      const stalled = await eventually(
        async () => {
          const text = await scrape();
          return topics.every((topic) => topicValue(text, 'vezel_consumer_lag', topic) === burstOn(topic))
            ? text
            : undefined;
        },
        { description: 'the lag at the whole burst while the consumer is held', timeoutMs: 60_000 },
      );
      expect(appliedOf(stalled)).toBe(warmUpSize);
      expect(topicValue(stalled, 'vezel_consumer_lag_time', topicOf('collection'))).toBeGreaterThan(0);
      await positionsLock.release();
      const settled = await caughtUp(warmUpSize + burstSize, 'the lag back at 0, the burst applied');
      expect(topicValue(settled, 'vezel_consumer_lag_time', topicOf('collection'))).toBe(0);

      // Every node the burst marked waits to be looked up, and no batch waits yet: the gauges say so, each its own.
      const { rows } = await lockDb.query<{ nodes: bigint }>(`select count(*) as nodes from ledger_dirty_nodes`);
      const marked = Number(rows[0]!.nodes);
      expect(marked).toBeGreaterThan(0);
      const held = await eventually(
        async () => {
          const text = await scrape();
          return backlogOf(text, 'figures') === marked ? text : undefined;
        },
        { description: `vezel_ledger_figures_pending at the ${marked} node marks`, timeoutMs: 30_000 },
      );
      expect(backlogOf(held, 'figures_lookups')).toBe(marked);
      expect(backlogOf(held, 'figures_batches')).toBe(0);
    } finally {
      await positionsLock.release();
      await lookupLocks.release();
    }

    // The refresher works the burst's marks off; the anomalies are reported for every kind.
    const figuresSettled = await figuresDone('the figures up to date');
    expect(
      samplesOf(figuresSettled, 'vezel_ledger_anomalies')
        .map((sample) => sample.labels['kind'])
        .sort(),
    ).toEqual([...ANOMALY_KINDS].sort());

    // gRPC calls are measured in the process too: this one is refused (no credentials), and counted as such.
    const client = createGrpcClient(LedgerService, `127.0.0.1:${String(listening['grpcPort'])}`);
    try {
      await expect(client.getLag({})).rejects.toThrow();
    } finally {
      client.close();
    }
    const refused = samplesOf(await scrape(), 'vezel_request_duration_count').find(
      (sample) =>
        sample.labels['transport'] === 'grpc' &&
        sample.labels['operation'] === `${LedgerService.typeName}/GetLag` &&
        sample.labels['status'] === 'UNAUTHENTICATED',
    );
    expect(refused?.value).toBe(1);

    const exited = once(ledger.child, 'exit');
    ledger.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  }, 300_000);
});

describe('the ledger’s webhook and figure metrics', () => {
  const events = 20;
  let telemetry: Telemetry;
  let environment: PrometheusTestEnvironment | undefined;
  let metricsUrl: string;
  let chain: LedgerUnderTest;
  let db: Db;
  let served: RunningServiceModule;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    environment = await prometheusTestEnvironment();
    telemetry = await startTelemetry({ serviceName: 'ledger', prometheusPort: environment.port });
    metricsUrl = environment.metricsUrl;
    chain = await aLedgerUnderTest('webhook-metrics');
    const databaseUrl = await createTestDatabase('webhook_metrics');
    db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
    const module = await createLedgerModule(ledgerModuleDependencies(databaseUrl, db, chain.eventLog), {
      topics: chain.topics,
      groupId: 'webhook-metrics',
      webhooks: {
        rules: { allowLoopbackHttp: true, allowedNetworks: [] },
        timeoutMs: 1_500,
        limits: { pollMs: 50, leaseMs: 3_000, retryScheduleMs: [0, 20, 40, 60, 80, 100, 120, 140, 160, 180] },
      },
    });
    served = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
    receiver = await startWebhookReceiver();
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    await receiver?.close();
    await db?.close();
    await chain?.close();
    await telemetry?.shutdown();
    environment?.restore();
  });

  it('counts delivery tries by outcome: the ones a receiver refused, and the ones it took', async () => {
    receiver.answerWith((_body, index) => (index < 2 ? 503 : 204));
    await chain.publishFacts([...generateChain({ seed: 5, events })].slice(0, events));
    const registered = await fetch(`http://127.0.0.1:${served.http.port}/v1/ledger/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, after: '0' }),
    });
    expect(registered.status).toBe(201);

    await eventually(() => receiver.received.filter((request) => request.answered === 204).length >= events, {
      description: 'every event delivered',
      timeoutMs: 60_000,
    });
    const tries = await eventually(
      async () => {
        const samples = samplesOf(await (await fetch(metricsUrl)).text(), 'vezel_webhook_deliveries_total');
        const byOutcome: Record<string, number> = Object.fromEntries(
          samples.map((sample) => [sample.labels['outcome'] ?? '', sample.value] as const),
        );
        return byOutcome['delivered'] === events ? byOutcome : undefined;
      },
      { description: 'the deliveries counted' },
    );

    expect(tries).toEqual({ delivered: events, retry: 2 });
  });

  it('counts figure refreshes by step: full ones while nobody asks, small ones while a query is answered', async () => {
    const scrapeSteps = async (): Promise<{ readonly steps: Record<string, number>; readonly pending?: number }> => {
      const text = await (await fetch(metricsUrl)).text();
      const steps: Record<string, number> = Object.fromEntries(
        samplesOf(text, 'vezel_ledger_figures_refreshes_total').map(
          (sample) => [sample.labels['step'] ?? '', sample.value] as const,
        ),
      );
      const pending = samplesOf(text, 'vezel_ledger_figures_pending')[0]?.value;
      return pending === undefined ? { steps } : { steps, pending };
    };
    // Years of the chain with ids of their own.
    const chainOf = (startYear: number) => [...generateChain({ seed: 6, events: 200, startYear })];
    const settledWith = (description: string, done: (steps: Record<string, number>) => boolean) =>
      eventually(
        async () => {
          const scraped = await scrapeSteps();
          return scraped.pending === 0 && done(scraped.steps) ? scraped.steps : undefined;
        },
        { description, timeoutMs: 60_000 },
      );

    const before = await settledWith('the figures settled', () => true);
    await chain.publishFacts(chainOf(2031));
    const quiet = await settledWith(
      'full refreshes of a year published while nobody asks',
      (steps) => (steps['full'] ?? 0) > (before['full'] ?? 0),
    );
    expect(quiet['query-time'] ?? 0).toBe(before['query-time'] ?? 0);

    // A query held in flight: the KPIs read the emission factor tables first, which the refresher never touches.
    const factorsLock = await holdTableLock(db, 'lock table ledger_emission_factor_tables in access exclusive mode');
    try {
      const asked = fetch(`http://127.0.0.1:${served.http.port}/v1/ledger/kpis?from=2031-01-01&to=2032-01-01`);
      await eventually(
        async () => {
          const { rows } = await db.query<{ waiting: bigint }>(
            `select count(*) as waiting from pg_locks
              where relation = 'ledger_emission_factor_tables'::regclass and not granted`,
          );
          return rows[0]!.waiting > 0n ? true : undefined;
        },
        { description: 'the query waiting on the lock' },
      );
      await chain.publishFacts(chainOf(2032));
      await settledWith(
        'small refreshes of a year published while a query is answered',
        (steps) => (steps['query-time'] ?? 0) > (quiet['query-time'] ?? 0),
      );
      await factorsLock.release();
      // No emission factor table is loaded here: the query's answer is a 404 saying so.
      expect((await asked).status).toBe(404);
    } finally {
      await factorsLock.release();
    }
  });
});
