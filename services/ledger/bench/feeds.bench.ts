// `npm run bench:feeds`: the partner feed under load, on this machine's real Kafka and PostgreSQL. The ledger runs
// as its own process (as deployed, authenticating); BENCH_SUBSCRIBERS (default 1,000) Server-Sent Events
// subscribers follow its feed while BENCH_FEED_EVENTS (default 5,000) generated events are published at
// BENCH_FEED_RATE events/s (default 500). Prints events delivered per second (all subscribers together), the delay
// from publishing an event to a subscriber receiving it (p50, p99: Kafka, apply, the refresher settling its
// visibility, the stream), subscribers cut off, and the ledger's peak RSS. Beside them BENCH_WEBHOOKS (default 100)
// webhook endpoints on a loopback receiver get every event too: deliveries per second and the delay from publishing
// to the receiver's 2xx, the same way.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eventCatalogue, type ProducingService } from '@vezel/contracts';
import { createKafkaEventLog } from '@vezel/messaging';
import { createOperatorApiKey } from '@vezel/service-testing';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import pg from 'pg';
import { factToEventRecord, type TopicOf } from '../test/support/fact-to-event-record.ts';
import { generateChain } from './generate-chain.ts';
import { ledgerStartArgs } from './ledger-start-args.ts';
import { freePort, startLedgerProcess } from './ledger-process.ts';

const subscriberCount = Number(process.env['BENCH_SUBSCRIBERS'] ?? 1_000);
const eventCount = Number(process.env['BENCH_FEED_EVENTS'] ?? 5_000);
const ratePerSecond = Number(process.env['BENCH_FEED_RATE'] ?? 500);
const webhookCount = Number(process.env['BENCH_WEBHOOKS'] ?? 100);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const runId = `bench-feeds-${Date.now().toString(36)}`;

const kafka = await resolveKafka();
await waitForKafka(kafka.address);
const postgres = await resolvePostgres();
console.log(
  `Kafka: ${kafka.description}\nPostgreSQL: ${postgres.description}\n` +
    `${subscriberCount.toLocaleString('en')} SSE subscribers, ${webhookCount} webhooks, ` +
    `${eventCount.toLocaleString('en')} events at ` +
    `${ratePerSecond}/s, Node ${process.version}\n`,
);

const topicByService = Object.fromEntries(
  Object.entries(eventCatalogue).map(([service, entry]) => [service, `${runId}.${entry.topic}`]),
) as Record<ProducingService, string>;
const topicOf: TopicOf = (service) => topicByService[service];
const eventLog = createKafkaEventLog({ brokers: kafka.address.split(','), clientId: runId, logLevel: 'error' });
await eventLog.ensureTopics(Object.values(topicByService).map((name) => ({ name, partitions: 3 })));

const client = new pg.Client({ connectionString: postgres.address });
await client.connect();
const databaseName = `vezel_${runId.replaceAll('-', '_')}`;
await client.query(`create database "${databaseName}"`);
const databaseUrl = new URL(postgres.address);
databaseUrl.pathname = `/${databaseName}`;
const token = await createOperatorApiKey(databaseUrl.toString());
const httpPort = await freePort();
let grpcPort = await freePort();
while (grpcPort === httpPort) grpcPort = await freePort();
const base = `http://127.0.0.1:${httpPort}/v1/ledger`;
const ledger = startLedgerProcess({
  // BENCH_LEDGER_LOGS=1 echoes the ledger's own output (why it stopped, if it does).
  echo: process.env['BENCH_LEDGER_LOGS'] === '1',
  args: ledgerStartArgs(),
  cwd: repoRoot,
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl.toString(),
    DATABASE_SCHEMA: 'ledger',
    KAFKA_BROKERS: kafka.address,
    HTTP_PORT: String(httpPort),
    GRPC_PORT: String(grpcPort),
    HOST: '127.0.0.1',
    LEDGER_TOPICS: Object.values(topicByService).join(','),
    OTEL_SDK_DISABLED: 'true',
    WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
    // Every subscriber and the publisher are one client here: a limit per credential would only measure itself.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  },
});

const publishedAt = new Map<string, number>();
const delays: number[] = [];
// One loopback receiver for every webhook (a path each), answering 204 and timing each event's first arrival.
const webhookDelays: number[] = [];
let webhookDeliveries = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const sent = publishedAt.get(String(req.headers['webhook-id']));
    if (sent !== undefined) {
      webhookDeliveries += 1;
      webhookDelays.push(performance.now() - sent);
    }
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverPort = (receiver.address() as AddressInfo).port;
let delivered = 0;
let cutOff = 0;
const controller = new AbortController();

try {
  for (let ready = false; !ready;) {
    ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`)
      .then((response) => response.ok)
      .catch(() => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const subscribers = await Promise.all(Array.from({ length: subscriberCount }, () => subscribe()));
  console.log(`${subscribers.length} subscribers connected`);
  for (let n = 0; n < webhookCount; n += 1) {
    const registered = await fetch(`${base}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${receiverPort}/hooks/${n}` }),
    });
    if (registered.status !== 201) throw new Error(`registering a webhook answered ${registered.status}`);
  }
  console.log(`${webhookCount} webhooks registered`);

  const facts = [...generateChain({ seed: 7, events: eventCount })];
  const started = performance.now();
  const chunk = Math.max(1, Math.round(ratePerSecond / 10));
  for (let index = 0; index < facts.length; index += chunk) {
    const due = started + (index / ratePerSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sending = facts.slice(index, index + chunk);
    const now = performance.now();
    for (const fact of sending) publishedAt.set(fact.eventId, now);
    await eventLog.publish(sending.map((fact) => factToEventRecord(fact, topicOf)));
  }
  const expected = eventCount * subscriberCount;
  const expectedWebhooks = eventCount * webhookCount;
  const deadline = performance.now() + 600_000;
  while (
    (delivered + cutOff * eventCount < expected || webhookDeliveries < expectedWebhooks) &&
    performance.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  delays.sort((a, b) => a - b);
  webhookDelays.sort((a, b) => a - b);
  const percentile = (p: number, of = delays) => of[Math.min(of.length - 1, Math.floor(of.length * p))] ?? NaN;
  const line = (label: string, value: string) => console.log(`${label.padEnd(48)} ${value}`);
  console.log('');
  line('events delivered (all subscribers)', `${delivered.toLocaleString('en')} of ${expected.toLocaleString('en')}`);
  line(
    'delivered per second',
    `${Math.round(delivered / seconds).toLocaleString('en')} events/s over ${seconds.toFixed(1)} s`,
  );
  line('delay publish -> subscriber p50', `${percentile(0.5).toFixed(0)} ms`);
  line('delay publish -> subscriber p99', `${percentile(0.99).toFixed(0)} ms`);
  line('subscribers cut off (too slow)', String(cutOff));
  line(
    'webhook deliveries (all endpoints)',
    `${webhookDeliveries.toLocaleString('en')} of ${expectedWebhooks.toLocaleString('en')}`,
  );
  line('webhook deliveries per second', `${Math.round(webhookDeliveries / seconds).toLocaleString('en')} /s`);
  line('delay publish -> webhook 2xx p50', `${percentile(0.5, webhookDelays).toFixed(0)} ms`);
  line('delay publish -> webhook 2xx p99', `${percentile(0.99, webhookDelays).toFixed(0)} ms`);
  line('ledger peak RSS (VmHWM)', `${((ledger.peakRssKiB() ?? NaN) / 1024).toFixed(0)} MiB`);
} finally {
  controller.abort();
  await ledger.stop();
  receiver.closeAllConnections();
  receiver.close();
  await eventLog.close();
  await client.query(`drop database if exists "${databaseName}" with (force)`);
  await client.end();
}

/** One subscriber following the feed from its end, recording when each event arrives. */
async function subscribe(): Promise<void> {
  const response = await fetch(`${base}/feeds/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (!response.ok || response.body === null) throw new Error(`subscribing answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: error') || block.includes('\nevent: error')) cutOff += 1;
          const eventId = /"eventId":"([^"]+)"/.exec(block)?.[1];
          const sent = eventId === undefined ? undefined : publishedAt.get(eventId);
          if (sent !== undefined) {
            delivered += 1;
            delays.push(performance.now() - sent);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted at the end of the bench.
    }
  })();
}
