import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKafkaEventLog } from '@vezel/messaging';
import { createOperatorApiKey, startServiceMain, type ServiceMainProcess } from '@vezel/service-testing';
import {
  createTestDatabase,
  eventually,
  startOtlpReceiver,
  testKafkaBrokers,
  uniqueTopicName,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * One trace from an HTTP command to the ledger's apply, as the processes export it: each process sends its spans by
 * OTLP/HTTP to a receiver this test runs (an in-memory exporter sees one process only). The trace crosses the
 * command's transaction, the outbox row, the relay's publish, the event's W3C `traceparent` header and the ledger's
 * `process <topic>` span, under which the apply's pg spans nest.
 */

const collectionMain = new URL('../../services/collection/src/main.ts', import.meta.url);
const ledgerMain = new URL('../../services/ledger/src/main.ts', import.meta.url);
const vezel = fileURLToPath(new URL('../../apps/vezel/src/vezel.ts', import.meta.url));

/** A W3C traceparent of a trace of our own, as a caller's tracer would send it. */
function callerContext(): { traceId: string; spanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

async function registerContainer(url: string, apiKey: string, containerId: string, traceparent: string) {
  const response = await fetch(`${url}/v1/collection/containers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, traceparent },
    body: JSON.stringify({ containerId, municipality: 'GM0150', channel: 'door-to-door' }),
  });
  expect(response.status, await response.text()).toBe(201);
}

/** The span and its parents up to the root, within what the receiver has. */
function lineageOf(span: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const lineage = [span];
  for (let parentId = span.parentSpanId; parentId !== undefined;) {
    const parent = spans.find((candidate) => candidate.spanId === parentId && candidate.traceId === span.traceId);
    if (parent === undefined) break;
    lineage.push(parent);
    parentId = parent.parentSpanId;
  }
  return lineage;
}

/** Whether `ancestor` is `span` or one of its parents. */
function descendsFrom(span: ReceivedSpan, ancestor: ReceivedSpan, spans: readonly ReceivedSpan[]): boolean {
  return lineageOf(span, spans).some((candidate) => candidate.spanId === ancestor.spanId);
}

/** The caller's command in `service`: its HTTP server span (child of the caller's span) and its event's publish. */
function commandSpans(
  spans: readonly ReceivedSpan[],
  service: string,
  topic: string,
  caller: { traceId: string; spanId: string },
) {
  const inTrace = spans.filter((span) => span.traceId === caller.traceId && span.service === service);
  const server = inTrace.find((span) => span.kind === 'server' && span.scope === '@opentelemetry/instrumentation-http');
  const publish = inTrace.find((span) => span.kind === 'producer' && span.name === `publish ${topic}`);
  return server === undefined || publish === undefined ? undefined : { server, publish };
}

function refusalsOf(receiver: OtlpReceiver): string {
  return `exports refused: ${receiver.refused.join('; ') || 'none'}`;
}

/** `waiting`, failing with what `context` says by then (a process's stderr, refused exports) beside its own reason. */
async function explained<T>(waiting: Promise<T>, context: () => string): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${context()}`, { cause: error });
  }
}

async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<number | null> {
  if (child === undefined) return null;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill(signal);
  return exited;
}

describe('one trace from a command to the ledger, across processes over Kafka', () => {
  let receiver: OtlpReceiver;
  let topic: string;
  let collection: ServiceMainProcess;
  let collectionUrl: string;
  let apiKey: string;
  let ledgerDatabase: string;
  let ledger: Promise<ServiceMainProcess> | undefined;
  let telemetryEnv: Record<string, string>;

  const listening = async (service: ServiceMainProcess, name: string): Promise<number> => {
    const line = await explained(
      eventually(() => service.lines.find((logged) => logged.msg === 'listening'), {
        description: `${name} listening`,
        timeoutMs: 90_000,
      }),
      () => `stderr: ${service.stderr().slice(-2_000)}`,
    );
    return line['httpPort'] as number;
  };
  /** The ledger process, started on first use: after the batch it should find waiting. */
  const ledgerProcess = (): Promise<ServiceMainProcess> =>
    (ledger ??= (async () => {
      const started = startServiceMain(ledgerMain, {
        DATABASE_URL: ledgerDatabase,
        DATABASE_SCHEMA: 'ledger',
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        LEDGER_TOPICS: topic,
        ...telemetryEnv,
      });
      await listening(started, 'the ledger');
      return started;
    })());

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // Spans leave a process every 100 ms instead of every 5 s: the test waits for them.
    telemetryEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' };
    topic = uniqueTopicName('traced-collection');
    // One partition: a batch the ledger finds waiting then arrives as one batch, whatever keys its events have.
    const kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'trace-e2e' });
    try {
      await kafka.ensureTopics([{ name: topic, partitions: 1 }]);
    } finally {
      await kafka.close();
    }
    const collectionDatabase = await createTestDatabase('traced_collection');
    ledgerDatabase = await createTestDatabase('traced_ledger');
    collection = startServiceMain(collectionMain, {
      DATABASE_URL: collectionDatabase,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      EVENT_TOPIC: topic,
      ...telemetryEnv,
    });
    collectionUrl = `http://127.0.0.1:${await listening(collection, 'collection')}`;
    apiKey = await createOperatorApiKey(collectionDatabase);
  });
  afterAll(async () => {
    await stopProcess(collection?.child, 'SIGTERM');
    await stopProcess((await ledger?.catch(() => undefined))?.child, 'SIGTERM');
    await receiver?.close();
  });

  it('links the process span of a batch with many parents to every publish in it', async () => {
    const callers = [callerContext(), callerContext(), callerContext()];
    for (const [index, caller] of callers.entries()) {
      await registerContainer(collectionUrl, apiKey, `C-BATCH-${index}`, caller.traceparent);
    }
    const publishes = await explained(
      eventually(
        () => {
          const found = callers.map((caller) => commandSpans(receiver.spans, 'collection', topic, caller)?.publish);
          return found.every((span) => span !== undefined) ? found : undefined;
        },
        { description: 'the three publishes exported' },
      ),
      () => refusalsOf(receiver),
    );

    await ledgerProcess();
    const processSpans = await explained(
      eventually(
        () => {
          const found = receiver.spans.filter((span) => span.service === 'ledger' && span.name === `process ${topic}`);
          const linked = new Set(found.flatMap((span) => span.links.map((link) => link.spanId)));
          return publishes.every((publish) => linked.has(publish.spanId)) ? found : undefined;
        },
        { description: 'the ledger processed the batch', timeoutMs: 60_000 },
      ),
      () => refusalsOf(receiver),
    );

    const batch = processSpans.find((span) => span.links.length === publishes.length);
    expect(batch, JSON.stringify(processSpans)).toBeDefined();
    expect(batch!.kind).toBe('consumer');
    // Three parents: the span starts a trace of its own, and its links lead into each command's trace.
    expect(batch!.parentSpanId).toBeUndefined();
    expect(callers.map((caller) => caller.traceId)).not.toContain(batch!.traceId);
    expect(batch!.links).toEqual(publishes.map((publish) => ({ traceId: publish.traceId, spanId: publish.spanId })));
    expect(batch!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.consumer.group.name': 'vezel-ledger',
      'messaging.batch.message_count': 3,
    });
    const appliedIn = receiver.spans.filter(
      (span) => span.service === 'ledger' && span.scope === '@opentelemetry/instrumentation-pg',
    );
    expect(appliedIn.filter((span) => descendsFrom(span, batch!, receiver.spans))).not.toEqual([]);
  });

  it('continues one command from its HTTP request through the publish to the ledger apply and its pg spans', async () => {
    await ledgerProcess();
    const caller = callerContext();

    await registerContainer(collectionUrl, apiKey, 'C-ONE', caller.traceparent);

    const found = await explained(
      eventually(
        () => {
          const command = commandSpans(receiver.spans, 'collection', topic, caller);
          const applied = receiver.spans.find(
            (span) => span.service === 'ledger' && span.name === `process ${topic}` && span.traceId === caller.traceId,
          );
          const pg = receiver.spans.filter(
            (span) =>
              applied !== undefined &&
              span.scope === '@opentelemetry/instrumentation-pg' &&
              descendsFrom(span, applied, receiver.spans),
          );
          return command === undefined || applied === undefined || pg.length === 0
            ? undefined
            : { ...command, applied, pg };
        },
        { description: "the command's trace reaching the ledger", timeoutMs: 60_000 },
      ),
      () => refusalsOf(receiver),
    );

    const { server, publish, applied, pg } = found;
    const { spans } = receiver;
    // The caller's span -> HTTP server span -> ... -> publish (collection) -> process (ledger) -> pg (ledger).
    expect(server).toMatchObject({ parentSpanId: caller.spanId, name: 'POST /v1/collection/containers' });
    expect(descendsFrom(publish, server, spans)).toBe(true);
    const commandPg = spans.filter(
      (span) => span.service === 'collection' && span.scope === '@opentelemetry/instrumentation-pg',
    );
    expect(commandPg.filter((span) => descendsFrom(span, server, spans))).not.toEqual([]);
    expect(applied).toMatchObject({
      kind: 'consumer',
      parentSpanId: publish.spanId,
      links: [{ traceId: caller.traceId, spanId: publish.spanId }],
      status: 'unset',
    });
    expect(applied.attributes).toMatchObject({
      'messaging.batch.message_count': 1,
      'messaging.destination.partition.id': '0',
    });
    expect(pg.every((span) => span.service === 'ledger' && span.traceId === caller.traceId)).toBe(true);
    expect(pg.map((span) => span.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^pg\.query/)]));
  });
});

describe('one trace through the embedded chain (vezel up) when OTEL_* asks for it', () => {
  let receiver: OtlpReceiver;
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dataDir = await mkdtemp(join(tmpdir(), 'vezel-up-traced-'));
  });
  afterAll(async () => {
    await stopProcess(child, 'SIGKILL');
    await receiver?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exports the command, its publish and the ledger apply over the PostgreSQL event log as one trace', async () => {
    const up = spawn(
      process.execPath,
      [
        '--import',
        '@vezel/telemetry/register',
        vezel,
        'up',
        '--no-demo',
        '--port',
        '0',
        '--grpc-port',
        '0',
        '--data-dir',
        dataDir,
      ],
      {
        env: {
          ...process.env,
          OTEL_SDK_DISABLED: 'false',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_BSP_SCHEDULE_DELAY: '100',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = up;
    let stdout = '';
    let stderr = '';
    up.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    up.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await explained(
      eventually(
        () =>
          stdout.includes('ready after') ? /ledger API +(http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1] : undefined,
        { description: 'vezel up ready', timeoutMs: 90_000 },
      ),
      () => `stderr: ${stderr.slice(-2_000)}`,
    );
    const apiKey = (await readFile(join(dataDir, 'operator.key'), 'utf8')).trim();
    const caller = callerContext();

    await registerContainer(url, apiKey, 'C-EMBEDDED', caller.traceparent);

    const topic = 'vezel.collection.v1';
    const found = await explained(
      eventually(
        () => {
          const command = commandSpans(receiver.spans, 'vezel', topic, caller);
          const applied = receiver.spans.find(
            (span) => span.name === `process ${topic}` && span.traceId === caller.traceId,
          );
          return command === undefined || applied === undefined ? undefined : { ...command, applied };
        },
        { description: "the command's trace reaching the ledger" },
      ),
      () => `${refusalsOf(receiver)}; stderr: ${stderr.slice(-2_000)}`,
    );
    expect(found.server.parentSpanId).toBe(caller.spanId);
    expect(descendsFrom(found.publish, found.server, receiver.spans)).toBe(true);
    expect(found.applied).toMatchObject({ service: 'vezel', kind: 'consumer', parentSpanId: found.publish.spanId });
    expect(found.applied.attributes).toMatchObject({ 'messaging.system': 'postgres' });

    expect(await stopProcess(up, 'SIGINT')).toBe(0);
  });
});
