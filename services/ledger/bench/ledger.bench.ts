// npm run bench:ledger — the ledger service against a realistic year of the chain (1,000,000 facts by default,
// BENCH_EVENTS to change), on this machine's real Kafka and PostgreSQL:
//   1. the generated chain published as the four chain services publish it (protobuf + CloudEvents, keyed by node)
//   2. raw consume of the same events with kafkajs and with @platformatic/kafka (the services' client): the bound
//      for any consumer
//   3. the ledger process (services/ledger/src/main.ts) applying them: events/s, and when its figures settle
//   4. trace latency over HTTP: forward/backward per node, forward per municipality and year, first with nothing
//      arriving (for comparison), then while new events keep arriving at 1,000/s (a second, later operator's chain,
//      so the measured figures stay checkable)
//   5. a full rebuild
//   6. the ledger process's peak resident memory
// BENCH_SKIP_LEDGER=1 stops after step 2. BENCH_SEED picks another chain, BENCH_LEDGER_LOGS=1 echoes the ledger's
// output, BENCH_KEEP_DATABASE=1 leaves the ledger's database for a look afterwards, BENCH_TIMEOUT_S bounds each waiting step (default 3600), BENCH_STALL_S a step making no progress (300),
// BENCH_SETTLE_BUDGET_S and BENCH_REBUILD_BUDGET_S how long to wait for the figures and the rebuild before reporting
// how far they got (default 3600 each).
import { fileURLToPath } from 'node:url';
import { Consumer as PlatformaticConsumer, MessagesStreamModes } from '@platformatic/kafka';
import { eventCatalogue, type ProducingService } from '@vezel/contracts';
import { createKafkaEventLog, type EventRecord } from '@vezel/messaging';
import { createOperatorApiKey } from '@vezel/service-testing';
import { resolveKafka, resolvePostgres, waitForKafka, type ResolvedService } from '@vezel/testing/infrastructure';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import type { FigureBacklog } from '../src/app/ledger-queries.ts';
import type { LedgerFactType } from '../src/domain/index.ts';
import { factToEventRecord, type TopicOf } from '../test/support/fact-to-event-record.ts';
import { createChainTally, generateChain, type ChainSummary } from './generate-chain.ts';
import { freePort, startLedgerProcess, type LedgerProcess } from './ledger-process.ts';
import { ledgerStartArgs } from './ledger-start-args.ts';
import { seededRandom, type SeededRandom } from './seeded-random.ts';

const config = readBenchConfig(process.env);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The operator's key in the bench's database, once the ledger's database exists. */
let operatorToken: string | undefined;
const runId = `bench-ledger-${Date.now().toString(36)}`;
const PUBLISH_CHUNK = 4_000;
/** The targets the ledger is held to at national scale; a missed one is reported and makes the bench fail. */
const TARGETS = {
  applyPerSecond: 30_000,
  settleAfterCatchUpS: 30,
  nodeTraceP99Ms: 20,
  municipalityTraceP99Ms: 50,
  /** Ten minutes for 10,000,000 events, held as the rate it takes at any size. */
  rebuildPerSecond: 10_000_000 / 600,
  peakRssMiB: 512,
  /** New events per second while the traces are timed. */
  liveEventsPerSecond: 1_000,
};

/** Lines of the final summary, in the order they were measured. */
const summaryLines: string[] = [];
/** Checks that did not hold: the bench exits non-zero when there are any. */
const problems: string[] = [];
const report = (label: string, value: string): void => {
  const line = `${label.padEnd(50)} ${value}`;
  summaryLines.push(line);
  console.log(line);
};

const kafkaInfra = await resolveKafka();
await waitForKafka(kafkaInfra.address);
const brokers = kafkaInfra.address.split(',');
const postgresInfra = config.skipLedger ? undefined : await resolvePostgres();
const postgresSizing = postgresInfra === undefined ? '' : `; ${await describePostgresSizing(postgresInfra.address)}`;
console.log(
  `Kafka: ${kafkaInfra.description}\n` +
    `PostgreSQL: ${postgresInfra?.description ?? '(not used: BENCH_SKIP_LEDGER=1)'}${postgresSizing}\n` +
    `events: ${config.events.toLocaleString('en')}, seed ${config.seed}, Node ${process.version}\n`,
);

const topicByService = Object.fromEntries(
  Object.entries(eventCatalogue).map(([service, entry]) => [service, `${runId}.${entry.topic}`]),
) as Record<ProducingService, string>;
const topicOf: TopicOf = (service) => topicByService[service];
const topics = Object.values(topicByService);

// Quiet: a fresh group's first "coordinator not available" is retried by kafkajs; real failures still throw.
const kafka = new Kafka({ clientId: 'bench-ledger', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const eventLog = createKafkaEventLog({ brokers, clientId: 'bench-ledger-publisher', logLevel: 'error' });
let ledger: LedgerProcess | undefined;
let database: { readonly client: pg.Client; readonly name: string } | undefined;
let topicsCreated = false;

try {
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 3 })) });
  topicsCreated = true;

  const published = await publishChain();
  const rawConsumeRate = await timeRawConsume(published.count);
  report('raw kafkajs consume (one consumer, eachBatch)', rate(rawConsumeRate));
  report('raw @platformatic/kafka consume (one consumer)', rate(await timeRawPlatformaticConsume(published.count)));

  if (postgresInfra !== undefined) await benchLedger(postgresInfra, published.summary, published.count, rawConsumeRate);
} catch (error) {
  problems.push(`the bench stopped: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (ledger !== undefined) {
    const state = ledger.exitStatus() === undefined ? 'still running' : `ended: ${ledger.exitStatus()}`;
    console.error(`\nthe ledger process (${state}), the last of its output:\n${ledger.outputTail()}`);
  }
} finally {
  await cleanUp();
}

console.log(`\n==== ledger bench: ${config.events.toLocaleString('en')} events (seed ${config.seed}) ====`);
for (const line of summaryLines) console.log(line);
if (problems.length > 0) {
  console.log(`\n${problems.length} problem(s):\n  - ${problems.slice(0, 20).join('\n  - ')}`);
  process.exitCode = 1;
} else {
  console.log('\nall checks held');
}

// --- 1. publish -------------------------------------------------------------------------------------------------

/** Generates the chain and publishes it in chunks, one chunk in flight while the next is generated. */
async function publishChain(): Promise<{ count: number; summary: ChainSummary }> {
  const tally = createChainTally({ seed: config.seed });
  let chunk: EventRecord[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let generating = 0;
  let count = 0;
  let bytes = 0;
  const started = performance.now();
  let sliceStarted = performance.now();
  for (const fact of generateChain({ seed: config.seed, events: config.events })) {
    tally.add(fact);
    const record = factToEventRecord(fact, topicOf);
    bytes += record.value.byteLength;
    chunk.push(record);
    count += 1;
    if (chunk.length >= PUBLISH_CHUNK) {
      generating += performance.now() - sliceStarted;
      const sending = chunk;
      chunk = [];
      await inFlight;
      inFlight = eventLog.publish(sending);
      if (count % 200_000 < PUBLISH_CHUNK) console.log(`  publishing: ${count.toLocaleString('en')} events generated`);
      sliceStarted = performance.now();
    }
  }
  generating += performance.now() - sliceStarted;
  await inFlight;
  await eventLog.publish(chunk);
  const seconds = (performance.now() - started) / 1000;

  let onTopics = 0;
  for (const topic of topics) {
    for (const offsets of await admin.fetchTopicOffsets(topic)) onTopics += Number(offsets.high) - Number(offsets.low);
  }
  if (onTopics !== count) problems.push(`published ${count} events but the topics hold ${onTopics}`);

  const summary = tally.summary();
  printChain(summary, bytes / count);
  report(
    'the chain',
    `${summary.facts.toLocaleString('en')} facts, ${kilograms(summary.collectedGrams)} collected in ` +
      `${summary.municipalities.length} municipalities`,
  );
  // One thread does both: generating and encoding a chunk overlaps the broker's work on the previous one, but not
  // kafkajs's own encoding, so "produce" is the wall time less the generating.
  report('generate + protobuf encode (CPU of this thread)', rate(count / (generating / 1000)));
  const producing = seconds - generating / 1000;
  report(`produce (EventLog.publish, ${PUBLISH_CHUNK.toLocaleString('en')} a call, acks=all)`, rate(count / producing));
  report('publish end to end (generate, encode, produce)', rate(count / seconds));
  return { count, summary };
}

function printChain(summary: ChainSummary, averageBytes: number): void {
  const percent = (part: bigint | number, whole: bigint | number): string =>
    `${((Number(part) / Number(whole)) * 100).toFixed(2).padStart(6)} %`;
  console.log(
    `\nthe chain: ${summary.facts.toLocaleString('en')} facts from ${summary.firstAt?.toISOString()} to ` +
      `${summary.lastAt?.toISOString()}, ${summary.municipalities.length} municipalities, ` +
      `${kilograms(summary.collectedGrams)} collected, ${Math.round(averageBytes)} bytes a value on average`,
  );
  for (const [type, count] of Object.entries(summary.countsByType) as [LedgerFactType, number][]) {
    console.log(`  ${type.padEnd(24)} ${count.toLocaleString('en').padStart(11)} ${percent(count, summary.facts)}`);
  }
  console.log("  where the collected grams went (the generator's own books):");
  let ended = 0n;
  for (const [outcome, grams] of [...summary.outcomeGrams].sort(([a], [b]) => (a < b ? -1 : 1))) {
    ended += grams;
    console.log(`  ${outcome.padEnd(26)} ${kilograms(grams).padStart(20)} ${percent(grams, summary.collectedGrams)}`);
  }
  const stock = summary.collectedGrams - ended;
  const stockLine = `${kilograms(stock).padStart(20)} ${percent(stock, summary.collectedGrams)}`;
  console.log(`  ${'stock (unfinished)'.padEnd(26)} ${stockLine}\n`);
}

// --- 2. raw consume ---------------------------------------------------------------------------------------------

/** Events/s of a bare kafkajs consumer reading every topic from the start, from its first batch to the last. */
async function timeRawConsume(total: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `${runId}-raw`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let count = 0;
    let first = 0;
    let last = 0;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: true,
            eachBatch: async ({ batch }) => {
              if (first === 0) first = performance.now();
              count += batch.messages.length;
              if (count >= total) {
                last = performance.now();
                resolve();
              }
            },
          })
          .catch(reject);
      }),
      config.timeoutMs,
      `raw consume of ${total} events`,
    );
    return total / ((last - first) / 1000);
  } finally {
    await consumer.disconnect();
  }
}

/** Events/s of a bare @platformatic/kafka consumer stream reading every topic from the start, first event to last. */
async function timeRawPlatformaticConsume(total: number): Promise<number> {
  const consumer = new PlatformaticConsumer({
    clientId: 'bench-ledger',
    bootstrapBrokers: brokers,
    groupId: `${runId}-raw-platformatic`,
  });
  try {
    const stream = await consumer.consume({
      topics: [...topics],
      mode: MessagesStreamModes.EARLIEST,
      autocommit: true,
    });
    let count = 0;
    let first = 0;
    let last = 0;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.on('data', () => {
          if (first === 0) first = performance.now();
          count += 1;
          if (count === total) {
            last = performance.now();
            resolve();
          }
        });
      }),
      config.timeoutMs,
      `raw @platformatic/kafka consume of ${total} events`,
    );
    await stream.close();
    return total / ((last - first) / 1000);
  } finally {
    await consumer.close(true);
  }
}

// --- 3-6. the ledger process ------------------------------------------------------------------------------------

async function benchLedger(
  postgres: ResolvedService,
  summary: ChainSummary,
  published: number,
  rawConsumeRate: number,
): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.address });
  await client.connect();
  const name = `vezel_${runId.replaceAll('-', '_')}`;
  await client.query(`create database "${name}"`);
  database = { client, name };
  const url = new URL(postgres.address);
  url.pathname = `/${name}`;
  // The ledger authenticates every request, as deployed: the bench calls it as the operator.
  operatorToken = await createOperatorApiKey(url.toString());
  const httpPort = await freePort();
  let grpcPort = await freePort();
  while (grpcPort === httpPort) grpcPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;

  console.log(`\nstarting the ledger: services/ledger/src/main.ts on HTTP ${httpPort}, gRPC ${grpcPort}`);
  const service = startLedgerProcess({
    // As services/ledger's start script runs it: its heaps capped to stay within 512 MiB.
    args: ledgerStartArgs(),
    cwd: repoRoot,
    echo: config.echoLogs,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      DATABASE_SCHEMA: 'ledger',
      EVENT_TRANSPORT: 'kafka',
      KAFKA_BROKERS: brokers.join(','),
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      // Loopback only: the bench's traffic never leaves this machine.
      HOST: '127.0.0.1',
      LEDGER_TOPICS: topics.join(','),
      OTEL_SDK_DISABLED: 'true',
    },
  });
  ledger = service;

  const readyAt = await until(
    'GET /readyz answers 200',
    async () => ((await request(`${base}/readyz`))?.status === 200 ? performance.now() : undefined),
    { timeoutMs: 180_000 },
  );
  console.log(`ready after ${seconds(readyAt - service.spawnedAt)}`);

  // 3. apply: from the last poll that saw nothing applied yet (or the spawn) to the first that sees nothing behind.
  let applyStart = service.spawnedAt;
  let sawStart = false;
  const applying = watchProgress('applying');
  const caughtUpAt = await until('GET /v1/ledger/lag reports eventsBehind 0', async () => {
    const lag = await readLag(base);
    const now = performance.now();
    if (lag.eventsBehind >= published && !sawStart) applyStart = now;
    else sawStart = true;
    const applied = published - lag.eventsBehind;
    applying(lag.eventsBehind, () =>
      applied <= 0
        ? `nothing applied yet ${seconds(now - readyAt)} after ready, ${figuresPending(lag)}`
        : `applied ${applied.toLocaleString('en')} of ${published.toLocaleString('en')} ` +
          `(${rate(applied / ((now - applyStart) / 1000)).trim()}), ${figuresPending(lag)}`,
    );
    const everyTopic = topics.every((topic) => lag.topics.some((entry) => entry.topic === topic));
    return lag.eventsBehind === 0 && everyTopic ? now : undefined;
  });
  if (!sawStart) console.log('  (the ledger was applying before the first lag poll: the rate counts from its spawn)');
  // The process's peak resident set at the end of each step up to the rebuild.
  const peaks: [string, number | undefined][] = [['applying', service.peakRssKiB()]];
  const applyRate = published / ((caughtUpAt - applyStart) / 1000);
  const ofRaw = (applyRate / rawConsumeRate).toFixed(2);
  report(
    'ledger apply (its own process, Kafka -> PostgreSQL)',
    `${rate(applyRate)}  (${ofRaw} of raw kafkajs consume)    ` +
      `target >= ${TARGETS.applyPerSecond.toLocaleString('en')}  ${verdict(applyRate >= TARGETS.applyPerSecond)}`,
  );
  if (applyRate < TARGETS.applyPerSecond) {
    problems.push(`apply ${Math.round(applyRate)} events/s is under ${TARGETS.applyPerSecond}`);
  }

  const settling = watchProgress('settling the figures');
  const atCatchUp = await readLag(base);
  const settleDeadline = caughtUpAt + config.settleBudgetMs;
  let last = atCatchUp;
  // The refresher's second step (recomputing batches) goes on after its first (lookups) is done, at a rate of its
  // own: projecting from node marks alone, which fall only as the batches above them are done, misled by hours.
  let lookupsDone: { readonly at: number; readonly batchesPending: number } | undefined;
  const settledAt = await until(
    'GET /v1/ledger/lag reports derivedPending 0 (or the settle budget is spent)',
    async () => {
      const lag = await readLag(base);
      last = lag;
      if (lag.lookupsPending === 0 && lookupsDone === undefined) {
        lookupsDone = { at: performance.now(), batchesPending: lag.batchesPending };
      }
      settling(`${lag.derivedPending}/${lag.lookupsPending}/${lag.batchesPending}`, () => figuresPending(lag));
      if (lag.derivedPending === 0) return performance.now();
      return performance.now() > settleDeadline ? Number.NaN : undefined;
    },
  );
  if (Number.isNaN(settledAt)) {
    // Out of budget: say how far it got and what the rates so far project, rather than wait for hours.
    const now = performance.now();
    const spent = (now - caughtUpAt) / 1000;
    let projection: string;
    if (lookupsDone === undefined) {
      const lookupsPerSecond = (atCatchUp.lookupsPending - last.lookupsPending) / spent;
      projection =
        `lookups ${lookupsPerSecond.toFixed(0)} nodes/s` +
        (lookupsPerSecond > 0
          ? `, ${seconds((last.lookupsPending / lookupsPerSecond) * 1000)} more to look up, then the batches`
          : '');
    } else {
      const batchSeconds = (now - lookupsDone.at) / 1000;
      const batchesPerSecond = batchSeconds > 0 ? (lookupsDone.batchesPending - last.batchesPending) / batchSeconds : 0;
      projection =
        `lookups done ${seconds(lookupsDone.at - caughtUpAt)} after catching up, then batches recomputed at ` +
        `${batchesPerSecond.toFixed(0)}/s` +
        (batchesPerSecond > 0 ? `, ${seconds((last.batchesPending / batchesPerSecond) * 1000)} more at that rate` : '');
    }
    report(
      'figures NOT settled within BENCH_SETTLE_BUDGET_S',
      `${figuresPending(last)} ${seconds(spent * 1000)} after catching up (${figuresPending(atCatchUp)} then); ` +
        `${projection}; traces below run beside the refresher`,
    );
    problems.push(`figures did not settle within ${config.settleBudgetMs / 1000} s after catching up`);
  } else {
    const afterCatchUpS = (settledAt - caughtUpAt) / 1000;
    const ok = afterCatchUpS <= TARGETS.settleAfterCatchUpS;
    report(
      'figures settled after',
      `${seconds(settledAt - applyStart)} from the start of applying ` +
        `(${seconds(settledAt - caughtUpAt)} after it caught up)    ` +
        `target <= ${TARGETS.settleAfterCatchUpS} s after  ${verdict(ok)}`,
    );
    if (!ok)
      problems.push(
        `figures settled ${afterCatchUpS.toFixed(1)} s after catching up, over ${TARGETS.settleAfterCatchUpS} s`,
      );
  }

  peaks.push(['settling', service.peakRssKiB()]);

  // 4. trace latency: first with nothing arriving, which tells the queries' own cost from that of sharing the machine
  // with the apply and the refresher; then, against the targets, while events keep arriving
  await measureTraces(base, summary, 'quiet');
  const live = startLiveEvents(summary);
  let liveEvents = 0;
  try {
    await measureTraces(base, summary, 'live');
  } finally {
    const { events, seconds: liveSeconds } = await live.stop();
    liveEvents = events;
    report(
      'new events while the traces were timed',
      `${events.toLocaleString('en')} in ${liveSeconds.toFixed(1)} s  (${rate(events / liveSeconds).trim()})`,
    );
  }

  peaks.push(['traces', service.peakRssKiB()]);

  // 5. rebuild
  const rebuildStart = performance.now();
  await fetchJson(base, '/v1/ledger/rebuild', 202, { method: 'POST' });
  // The measured chain and what arrived while the traces were timed.
  const inLog = published + liveEvents;
  let totalEvents = inLog;
  // Its counter stands still while the figures are rebuilt after the replay: only the step's timeout bounds it.
  const rebuilding = watchProgress('rebuilding', { failOnStall: false });
  const rebuildDeadline = rebuildStart + config.rebuildBudgetMs;
  let replayedAt: number | undefined;
  // When every node mark had been looked up: the figures' lookups (node books, batch marks) are done.
  let lookedUpAt: number | undefined;
  let lastStatus: RebuildStatus | undefined;
  const rebuiltAt = await until(
    'GET /v1/ledger/rebuild reports state done (or the rebuild budget is spent)',
    async () => {
      const status = (await fetchJson(base, '/v1/ledger/rebuild', 200)) as RebuildStatus;
      lastStatus = status;
      if (status.state === 'failed') throw new Error(`the rebuild failed: ${String(status.error)}`);
      if (typeof status.totalEvents === 'number' && status.totalEvents > 0) totalEvents = status.totalEvents;
      if (replayedAt === undefined && status.phase !== undefined && status.phase !== 'replay')
        replayedAt = performance.now();
      const total = Number(status.figureNodesTotal ?? 0);
      if (
        lookedUpAt === undefined &&
        status.phase === 'figures' &&
        total > 0 &&
        Number(status.figureNodesLookedUp ?? 0) >= total
      )
        lookedUpAt = performance.now();
      rebuilding(
        Number(status.appliedEvents) +
          (status.phase === 'figures'
            ? Number(status.figureNodesDone ?? 0) +
              Number(status.figureNodesLookedUp ?? 0) +
              Number(status.figureBatchesDone ?? 0)
            : 0),
        () =>
          `rebuild ${String(status.state)} ${typeof status.phase === 'string' ? status.phase : ''}: ${String(status.appliedEvents)} of ${String(status.totalEvents)} events` +
          (status.phase === 'figures' ? `, ${figuresPhaseProgress(status)}` : '') +
          (typeof status.etaSeconds === 'number' ? `, eta ${status.etaSeconds} s` : ''),
      );
      if (status.state === 'done') return performance.now();
      return performance.now() > rebuildDeadline ? Number.NaN : undefined;
    },
  );
  if (totalEvents !== inLog) {
    problems.push(`the rebuild counts ${totalEvents} events in the log; ${inLog} were published`);
  }
  if (Number.isNaN(rebuiltAt)) {
    const replay =
      replayedAt === undefined ? 'the replay still running' : `replay done in ${seconds(replayedAt - rebuildStart)}`;
    const figures =
      lastStatus?.phase === 'figures'
        ? `, figures ${figuresPhaseProgress(lastStatus)}, ETA ${typeof lastStatus.etaSeconds === 'number' ? lastStatus.etaSeconds : '?'} s`
        : '';
    report('rebuild NOT done within BENCH_REBUILD_BUDGET_S', `${replay}${figures}`);
    problems.push(`the rebuild did not finish within ${config.rebuildBudgetMs / 1000} s`);
  } else {
    const rebuildSeconds = (rebuiltAt - rebuildStart) / 1000;
    const rebuildRate = rate(totalEvents / rebuildSeconds).trim();
    const replay = replayedAt === undefined ? '' : `, replay ${seconds(replayedAt - rebuildStart)}`;
    const lookups =
      replayedAt === undefined || lookedUpAt === undefined
        ? ''
        : `, figures' lookups ${seconds(lookedUpAt - replayedAt)} then recomputing and the swap ${seconds(rebuiltAt - lookedUpAt)}`;
    const ok = totalEvents / rebuildSeconds >= TARGETS.rebuildPerSecond;
    report(
      'rebuild (POST /v1/ledger/rebuild until done)',
      `${rebuildSeconds.toFixed(1)} s  (${rebuildRate}${replay}${lookups})    ` +
        `target 10 M events in 10 min (>= ${Math.round(TARGETS.rebuildPerSecond).toLocaleString('en')}/s)  ${verdict(ok)}`,
    );
    if (!ok) problems.push(`the rebuild ran at ${rebuildRate}, under ${Math.round(TARGETS.rebuildPerSecond)} events/s`);
  }

  // 6. peak memory, then stop
  const peakKiB = service.peakRssKiB();
  if (peakKiB === undefined) problems.push('could not read VmHWM of the ledger process');
  else {
    const peakMiB = peakKiB / 1024;
    const ok = peakMiB <= TARGETS.peakRssMiB;
    const target = `target <= ${TARGETS.peakRssMiB} MiB  ${verdict(ok)}`;
    // VmHWM only grows: read at the end of each step, it says which step set the peak.
    const byStep = peaks.flatMap(([step, kib]) => (kib === undefined ? [] : [`${step} ${(kib / 1024).toFixed(0)}`]));
    const through =
      byStep.length === 0 ? '' : `  (peak through ${byStep.join(', ')}, the rebuild ${peakMiB.toFixed(0)})`;
    report('ledger peak RSS (VmHWM)', `${peakMiB.toFixed(0).padStart(10)} MiB    ${target}${through}`);
    if (!ok) problems.push(`peak RSS ${peakMiB.toFixed(0)} MiB is over ${TARGETS.peakRssMiB} MiB`);
  }
  const exit = await service.stop();
  console.log(`the ledger stopped on SIGTERM: ${exit}`);
  if (exit !== 'exit code 0') problems.push(`the ledger did not exit cleanly on SIGTERM (${exit})`);
}

interface Lag extends FigureBacklog {
  readonly eventsBehind: number;
  readonly topics: readonly { readonly topic: string; readonly partition: number; readonly eventsBehind: number }[];
}

interface RebuildStatus {
  readonly state?: unknown;
  readonly phase?: unknown;
  readonly appliedEvents?: unknown;
  readonly totalEvents?: unknown;
  readonly figureNodesDone?: unknown;
  readonly figureNodesLookedUp?: unknown;
  readonly figureNodesTotal?: unknown;
  readonly figureBatchesDone?: unknown;
  readonly figureBatchesTotal?: unknown;
  readonly etaSeconds?: unknown;
  readonly error?: unknown;
}

async function readLag(base: string): Promise<Lag> {
  const lag = (await fetchJson(base, '/v1/ledger/lag', 200)) as Partial<Lag>;
  const counts = [lag.eventsBehind, lag.derivedPending, lag.lookupsPending, lag.batchesPending];
  if (!counts.every((count) => typeof count === 'number') || !Array.isArray(lag.topics)) {
    const got = JSON.stringify(lag, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    throw new Error(
      `GET /v1/ledger/lag answered ${got.slice(0, 500)}, ` +
        'not { eventsBehind, derivedPending, lookupsPending, batchesPending, topics }',
    );
  }
  return lag as Lag;
}

/** Where a rebuild's figures phase stands: nodes looked up, then batches recomputed of those to do. */
function figuresPhaseProgress(status: RebuildStatus): string {
  const shown = (value: unknown): string => (typeof value === 'number' ? value.toLocaleString('en') : '?');
  return (
    `${shown(status.figureNodesLookedUp)} of ${shown(status.figureNodesTotal)} nodes looked up, ` +
    `${shown(status.figureBatchesDone)} of ${shown(status.figureBatchesTotal)} batches recomputed, ` +
    `${shown(status.figureNodesDone)} nodes done`
  );
}

/** The figures' backlog as the lag reports it, in the refresher's two steps. */
function figuresPending(lag: Lag): string {
  return (
    `figures pending for ${lag.derivedPending} nodes (${lag.lookupsPending} to look up, ` +
    `${lag.batchesPending} batches to recompute)`
  );
}

/** The JSON body of a request that must answer `status`; anything else is an error naming what came back. */
async function fetchJson(base: string, path: string, status: number, init: RequestInit = {}): Promise<unknown> {
  const response = await request(`${base}${path}`, init);
  const what = `${init.method ?? 'GET'} ${path}`;
  if (response === undefined) throw new Error(`${what}: no answer`);
  if (response.status !== status) {
    throw new Error(`${what} answered ${response.status}, not ${status}: ${response.text.slice(0, 500)}`);
  }
  try {
    return parseJson(response.text);
  } catch {
    throw new Error(`${what} answered no JSON: ${response.text.slice(0, 500)}`);
  }
}

/**
 * Follows a quantity that should keep moving: prints where it stands every 10 s, and fails the step when it has not
 * changed for BENCH_STALL_S (unless told not to).
 */
function watchProgress(
  step: string,
  options = { failOnStall: true },
): (value: unknown, describe: () => string) => void {
  let last: unknown = Symbol('none');
  let changedAt = performance.now();
  let printedAt = performance.now();
  return (value, describe) => {
    const now = performance.now();
    if (value !== last) [last, changedAt] = [value, now];
    if (options.failOnStall && now - changedAt > config.stallMs) {
      throw new Error(`${step}: no progress for ${seconds(now - changedAt)} (${describe()})`);
    }
    if (now - printedAt > 10_000) {
      printedAt = now;
      console.log(`  ${describe()}`);
    }
  };
}

// --- 4. traces --------------------------------------------------------------------------------------------------

interface GramsLine {
  readonly grams: bigint;
}

/** Times node and municipality traces; `quiet` ones are reported for comparison, `live` ones against the targets. */
async function measureTraces(base: string, summary: ChainSummary, load: 'quiet' | 'live'): Promise<void> {
  const random = seededRandom(config.seed, 2);
  const { batches, lots, products } = summary.samples;
  const year = (summary.firstAt ?? new Date(Date.UTC(2025, 0, 1))).getUTCFullYear();
  const from = new Date(Date.UTC(year, 0, 1)).toISOString().replace('.000Z', 'Z');
  const to = new Date(Date.UTC(year + 1, 0, 1)).toISOString().replace('.000Z', 'Z');
  const forwardIds = drawFrom(random, [...batches, ...lots], 320);
  const backwardIds = drawFrom(random, [...lots, ...products], 320);
  const municipalities = drawFrom(random, summary.municipalities, 110);

  const forward = (id: string) => `${base}/v1/ledger/trace/forward?node=${encodeURIComponent(id)}`;
  const backward = (id: string) => `${base}/v1/ledger/trace/backward?node=${encodeURIComponent(id)}`;
  const period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const municipality = (code: string) => `${base}/v1/ledger/trace/forward?municipality=${code}&${period}`;

  // Warm-up: the first requests pay for connections, JIT and cold caches.
  const warmUp = [
    ...forwardIds.slice(0, 20).map(forward),
    ...backwardIds.slice(0, 20).map(backward),
    ...municipalities.slice(0, 10).map(municipality),
  ];
  for (const url of warmUp) await request(url);

  const checkForward = (body: Record<string, unknown>): string | undefined => {
    const grams = body['grams'];
    const outcomes = body['outcomes'] as readonly GramsLine[] | undefined;
    if (typeof grams !== 'bigint' || !Array.isArray(outcomes)) return 'no grams or outcomes';
    const sum = sumOf(outcomes);
    if (sum !== grams) return `outcomes add up to ${sum} g, not ${grams} g`;
    if (body['custodyModel'] !== 'mass-balance') return `custodyModel ${String(body['custodyModel'])}`;
    return undefined;
  };
  const checkBackward = (body: Record<string, unknown>): string | undefined => {
    const grams = body['grams'];
    const origins = body['origins'] as readonly GramsLine[] | undefined;
    const byMunicipality = body['byMunicipality'] as readonly GramsLine[] | undefined;
    if (typeof grams !== 'bigint' || !Array.isArray(origins) || !Array.isArray(byMunicipality)) {
      return 'no grams, origins or byMunicipality';
    }
    if (sumOf(origins) !== grams) return `origins add up to ${sumOf(origins)} g, not ${grams} g`;
    if (sumOf(byMunicipality) !== grams) return `byMunicipality adds up to ${sumOf(byMunicipality)} g, not ${grams} g`;
    return undefined;
  };

  const nodeForward = await timeRequests(forwardIds.slice(20).map((id) => [forward(id), checkForward]));
  const nodeBackward = await timeRequests(backwardIds.slice(20).map((id) => [backward(id), checkBackward]));
  const byMunicipality = await timeRequests(
    municipalities.slice(10).map((code) => [
      municipality(code),
      (body) => {
        const problem = checkForward(body);
        if (problem !== undefined) return problem;
        const collected = summary.collectedGramsByMunicipalityYear.get(`${code}/${year}`) ?? 0n;
        if (body['grams'] === collected) return undefined;
        return `grams ${String(body['grams'])}, but ${collected} g were collected there in ${year}`;
      },
    ]),
  );
  const nodeTarget = load === 'live' ? TARGETS.nodeTraceP99Ms : undefined;
  const municipalityTarget = load === 'live' ? TARGETS.municipalityTraceP99Ms : undefined;
  const quietly = load === 'quiet' ? ', quiet' : '';
  latencyLine(`trace forward ?node= (${nodeForward.length} batches/lots${quietly})`, nodeForward, nodeTarget);
  latencyLine(`trace backward ?node= (${nodeBackward.length} lots/products${quietly})`, nodeBackward, nodeTarget);
  const municipalityLabel = `trace forward ?municipality=&from=&to= (${byMunicipality.length}${quietly})`;
  latencyLine(municipalityLabel, byMunicipality, municipalityTarget);

  // The dashboard's grade figures for the chain's year in its own time zone (calendar dates: a Dutch year, whose ends
  // are not UTC months). No target; reported to show what a year of them costs at this size.
  const chainYear = `from=${year}-01-01&to=${year + 1}-01-01`;
  const flows = await timeRequests(
    Array.from({ length: 20 }, () => [
      `${base}/v1/ledger/flows?${chainYear}`,
      (body: Record<string, unknown>) => {
        const lines: unknown = body['flows'];
        if (!Array.isArray(lines) || lines.length === 0) return 'no flows';
        return (lines as readonly GramsLine[]).every((line) => typeof line.grams === 'bigint' && line.grams > 0n)
          ? undefined
          : 'a flow without grams';
      },
    ]),
  );
  const localForLocal = await timeRequests(
    Array.from({ length: 20 }, () => [
      `${base}/v1/ledger/local-for-local?${chainYear}`,
      (body: Record<string, unknown>) => (Array.isArray(body['municipalities']) ? undefined : 'no municipalities'),
    ]),
  );
  latencyLine(`flows, the chain's year (${flows.length}${quietly})`, flows, undefined);
  latencyLine(`local-for-local, the chain's year (${localForLocal.length}${quietly})`, localForLocal, undefined);
}

/**
 * Publishes a second chain at {@link TARGETS.liveEventsPerSecond} until stopped: another seed and ten years later,
 * so its batch and lot ids, event ids and collection year differ from the measured chain's, whose traces and
 * municipality totals for its year stay what the checks expect, while the ledger applies and refreshes beside the
 * queries. Container ids are the generator's and so the same: the live chain registers and fills the same
 * containers again, as the next years of one operator would.
 */
function startLiveEvents(summary: ChainSummary): { stop(): Promise<{ events: number; seconds: number }> } {
  const startYear = (summary.firstAt ?? new Date(Date.UTC(2025, 0, 1))).getUTCFullYear() + 10;
  // As dense as the measured chain (the generator spaces batches by the events asked for); a few seconds of it are used.
  const facts = generateChain({ seed: config.seed + 1_000, events: config.events, startYear });
  const started = performance.now();
  let sent = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      // Paced by the clock: whatever is due since the start goes out in one publish, every 50 ms.
      const due = Math.floor(((performance.now() - started) / 1000) * TARGETS.liveEventsPerSecond) - sent;
      const records: EventRecord[] = [];
      for (let i = 0; i < due; i++) {
        const next = facts.next();
        if (next.done === true) break;
        records.push(factToEventRecord(next.value, topicOf));
      }
      if (records.length > 0) await eventLog.publish(records);
      sent += records.length;
      if (records.length < due) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { events: sent, seconds: (performance.now() - started) / 1000 };
    },
  };
}

/** Sequential GETs, each timed from the request to the parsed body; failed checks go to `problems`. */
async function timeRequests(
  requests: readonly (readonly [string, (body: Record<string, unknown>) => string | undefined])[],
): Promise<number[]> {
  const durations: number[] = [];
  for (const [url, check] of requests) {
    const started = performance.now();
    const response = await request(url);
    let body: unknown;
    try {
      body = response === undefined ? undefined : parseJson(response.text);
    } catch {
      body = undefined;
    }
    durations.push(performance.now() - started);
    const path = url.replace(/^http:\/\/[^/]+/, '');
    if (response?.status !== 200) {
      problems.push(`GET ${path} answered ${response?.status ?? 'nothing'}: ${response?.text.slice(0, 200) ?? ''}`);
    } else if (typeof body !== 'object' || body === null) problems.push(`GET ${path} answered no JSON object`);
    else {
      const problem = check(body as Record<string, unknown>);
      if (problem !== undefined) problems.push(`GET ${path}: ${problem}`);
    }
  }
  return durations;
}

/** A latency line; without a target it is reported for comparison only. */
function latencyLine(label: string, durations: readonly number[], targetP99Ms: number | undefined): void {
  if (durations.length === 0) {
    report(label, 'no requests (the chain has no such nodes)');
    return;
  }
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!;
  const p99 = at(0.99);
  const figures = `p50 ${at(0.5).toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  max ${sorted.at(-1)!.toFixed(1)} ms`;
  if (targetP99Ms === undefined) {
    report(label, figures);
    return;
  }
  report(label, `${figures}    target p99 <= ${targetP99Ms} ms  ${verdict(p99 <= targetP99Ms)}`);
  if (p99 > targetP99Ms) problems.push(`${label}: p99 ${p99.toFixed(1)} ms is over ${targetP99Ms} ms`);
}

// --- plumbing ---------------------------------------------------------------------------------------------------

async function cleanUp(): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['stop the ledger', async () => ledger?.stop(10_000)],
    ['close the event log', () => eventLog.close()],
    [
      config.keepDatabase ? 'keep the database' : 'drop the database',
      async () => {
        if (database === undefined) return;
        if (config.keepDatabase) console.log(`kept the ledger's database ${database.name} (BENCH_KEEP_DATABASE=1)`);
        else await database.client.query(`drop database if exists "${database.name}" with (force)`);
      },
    ],
    ['close the database connection', async () => database?.client.end()],
    ['delete the topics', async () => (topicsCreated ? admin.deleteTopics({ topics, timeout: 30_000 }) : undefined)],
    ['disconnect the Kafka admin', () => admin.disconnect()],
    ['stop the Kafka this bench started', () => kafkaInfra.stop()],
    ['stop the PostgreSQL this bench started', async () => postgresInfra?.stop()],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      console.error(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

interface BenchConfig {
  readonly events: number;
  readonly seed: number;
  readonly skipLedger: boolean;
  readonly echoLogs: boolean;
  /** Leave the ledger's database behind (its name is printed) instead of dropping it. */
  readonly keepDatabase: boolean;
  readonly timeoutMs: number;
  readonly stallMs: number;
  /** How long after catching up to wait for the figures to settle before reporting how far they got. */
  readonly settleBudgetMs: number;
  /** How long to wait for the rebuild before reporting how far it got. */
  readonly rebuildBudgetMs: number;
}

/**
 * The server settings the figures depend on most (docs/architecture.md, PostgreSQL sizing), for the header: a run on a
 * server left at its defaults and one sized for the write rate differ by more than the runs' spread.
 */
async function describePostgresSizing(address: string): Promise<string> {
  const client = new pg.Client({ connectionString: address });
  await client.connect();
  try {
    const names = ['shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression'];
    const { rows } = await client.query<{ name: string; value: string }>(
      `select name, current_setting(name) as value from unnest($1::text[]) as name`,
      [names],
    );
    return rows.map((row) => `${row.name} ${row.value}`).join(', ');
  } finally {
    await client.end();
  }
}

/** Reads the BENCH_* variables once, failing with the name of a bad one. */
function readBenchConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const whole = (name: string, fallback: number, min: number): number => {
    const raw = env[name]?.trim().replaceAll('_', '');
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new Error(`${name} must be a whole number >= ${min}, got "${env[name]}"`);
    }
    return value;
  };
  return {
    events: whole('BENCH_EVENTS', 1_000_000, 1),
    seed: whole('BENCH_SEED', 1, 0),
    skipLedger: env['BENCH_SKIP_LEDGER'] === '1',
    echoLogs: env['BENCH_LEDGER_LOGS'] === '1',
    keepDatabase: env['BENCH_KEEP_DATABASE'] === '1',
    timeoutMs: whole('BENCH_TIMEOUT_S', 3_600, 1) * 1000,
    stallMs: whole('BENCH_STALL_S', 300, 1) * 1000,
    settleBudgetMs: whole('BENCH_SETTLE_BUDGET_S', 3_600, 1) * 1000,
    rebuildBudgetMs: whole('BENCH_REBUILD_BUDGET_S', 3_600, 1) * 1000,
  };
}

/** Polls `probe` until it returns a value, failing when the ledger process exits, or after `timeoutMs`. */
async function until<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  options: { readonly timeoutMs?: number; readonly intervalMs?: number } = {},
): Promise<T> {
  const deadline = performance.now() + (options.timeoutMs ?? config.timeoutMs);
  for (;;) {
    const exit = ledger?.exitStatus();
    if (exit !== undefined) throw new Error(`the ledger process ended (${exit}) while waiting until ${description}`);
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`gave up waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** An HTTP request's status and body, or undefined when nothing answers (refused, reset, timed out). */
async function request(url: string, init: RequestInit = {}): Promise<{ status: number; text: string } | undefined> {
  try {
    const headers = new Headers(init.headers);
    if (operatorToken !== undefined) headers.set('authorization', `Bearer ${operatorToken}`);
    const response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
    return { status: response.status, text: await response.text() };
  } catch {
    return undefined;
  }
}

type Reviver = (key: string, value: unknown, context?: { readonly source?: string }) => unknown;

/** JSON with every `grams` as an exact bigint, read from its source text (never through a double). */
function parseJson(text: string): unknown {
  const reviver: Reviver = (key, value, context) => {
    if (key !== 'grams' || typeof value !== 'number') return value;
    if (context?.source !== undefined && /^-?\d+$/.test(context.source)) return BigInt(context.source);
    if (!Number.isSafeInteger(value)) throw new Error(`grams ${String(value)} is not an exact whole number`);
    return BigInt(value);
  };
  return (JSON.parse as (text: string, reviver: Reviver) => unknown)(text, reviver);
}

function sumOf(lines: readonly GramsLine[]): bigint {
  return lines.reduce((sum, line) => sum + (typeof line.grams === 'bigint' ? line.grams : 0n), 0n);
}

/** `count` items drawn from `items` (with repeats when there are fewer). */
function drawFrom<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  return items.length === 0 ? [] : Array.from({ length: count }, () => random.pick(items));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function rate(value: number): string {
  return `${Math.round(value).toLocaleString('en').padStart(10)} events/s`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function kilograms(grams: bigint): string {
  return `${(grams / 1000n).toLocaleString('en')} kg`;
}

function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}
