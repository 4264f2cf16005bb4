// npm run bench:messaging — outbox -> Kafka -> consumer throughput beside raw kafkajs produce and consume rates,
// for the same events (100,000 by default; BENCH_EVENTS to change) on this machine's real broker and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { createPgDb } from '@vezel/db';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import pg from 'pg';
import {
  appendToOutbox,
  createKafkaEventLog,
  outboxSchemaSql,
  startOutboxRelay,
  type OutboxMessage,
} from '../src/index.ts';
import { realisticEventValue } from './realistic-event.ts';

const total = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const runId = `bench${Date.now().toString(36)}`;
const keys = Array.from({ length: 2_000 }, (_, index) => `B-2026-${String(index).padStart(6, '0')}`);

const kafkaInfra = await resolveKafka();
const postgresInfra = await resolvePostgres();
await waitForKafka(kafkaInfra.address);
const brokers = kafkaInfra.address.split(',');
console.log(
  `Kafka: ${kafkaInfra.description}\nPostgreSQL: ${postgresInfra.description}\nevents: ${total.toLocaleString('en')}`,
);

const messages: OutboxMessage[] = Array.from({ length: total }, (_, index) => {
  const key = keys[index % keys.length]!;
  return {
    topic: `${runId}.pipeline`,
    subject: key,
    type: 'vezel.collection.v1.BatchCollected',
    source: '/vezel/collection',
    time: new Date(Date.UTC(2026, 0, 1) + index * 60_000),
    value: realisticEventValue(key, index),
  };
});
const averageValue = Math.round(messages.reduce((sum, message) => sum + message.value.byteLength, 0) / total);

const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.ERROR });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({
  waitForLeaders: true,
  topics: [`${runId}.raw`, `${runId}.pipeline`].map((topic) => ({ topic, numPartitions: 3 })),
});

// 1. raw kafkajs produce
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
await producer.connect();
const headers = {
  ce_specversion: '1.0',
  ce_id: '',
  ce_type: 'vezel.collection.v1.BatchCollected',
  ce_source: '/vezel/collection',
  ce_subject: '',
  ce_time: new Date().toISOString(),
  'content-type': 'application/protobuf',
  traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
};
let started = performance.now();
for (let start = 0; start < total; start += 1_000) {
  await producer.send({
    topic: `${runId}.raw`,
    acks: -1,
    messages: messages.slice(start, start + 1_000).map((message, index) => ({
      key: message.subject,
      value: Buffer.from(message.value),
      headers: { ...headers, ce_id: `${start + index}`, ce_subject: message.subject },
    })),
  });
}
const rawProduce = total / ((performance.now() - started) / 1000);
await producer.disconnect();

// 2. raw kafkajs consume
const rawConsume = await timeConsume(`${runId}.raw`, `${runId}-raw`);

// 3. outbox append (PostgreSQL), then relay -> Kafka -> consumer
const admin2 = new pg.Client({ connectionString: postgresInfra.address });
await admin2.connect();
await admin2.query(`create database "vezel_${runId}"`);
const url = new URL(postgresInfra.address);
url.pathname = `/vezel_${runId}`;
const db = createPgDb({ connectionString: url.toString() });
await db.query(outboxSchemaSql);
started = performance.now();
for (let start = 0; start < total; start += 100) {
  await db.transaction((tx) => appendToOutbox(tx, messages.slice(start, start + 100)));
}
const appendRate = total / ((performance.now() - started) / 1000);

const eventLog = createKafkaEventLog({ brokers, clientId: 'bench-relay' });
const consumed = { count: 0 };
let pipelineStarted = performance.now();
const subscription = await eventLog.subscribe({
  groupId: `${runId}-pipeline`,
  topics: [`${runId}.pipeline`],
  handleBatch: async (batch) => {
    consumed.count += batch.events.length;
  },
});
pipelineStarted = performance.now();
const relay = await startOutboxRelay({ db, eventLog, batchSize: 1_000 });
let relayDone = 0;
while (consumed.count < total) {
  if (!relayDone && relay.published() >= total) relayDone = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const pipelineSeconds = (performance.now() - pipelineStarted) / 1000;
const relayRate = total / (((relayDone || performance.now()) - pipelineStarted) / 1000);
await relay.stop();
await subscription.stop();

// 4. the EventLog port's Kafka consumer alone, re-reading the same 100,000 events from the start
const adapterConsumed = { count: 0, first: 0 };
let adapterDone: () => void = () => undefined;
const adapterFinished = new Promise<void>((resolve) => (adapterDone = resolve));
const rereader = await eventLog.subscribe({
  groupId: `${runId}-reread`,
  topics: [`${runId}.pipeline`],
  handleBatch: async (batch) => {
    if (adapterConsumed.first === 0) adapterConsumed.first = performance.now();
    adapterConsumed.count += batch.events.length;
    if (adapterConsumed.count >= total) adapterDone();
  },
});
await adapterFinished;
const adapterConsume = total / ((performance.now() - adapterConsumed.first) / 1000);
await rereader.stop();
await eventLog.close();
await db.close();
await admin2.query(`drop database "vezel_${runId}" with (force)`);
await admin2.end();
await admin.deleteTopics({ topics: [`${runId}.raw`, `${runId}.pipeline`] });
await admin.disconnect();

const rate = (value: number) => `${Math.round(value).toLocaleString('en').padStart(10)} events/s`;
console.log(
  `\naverage event value ${averageValue} bytes + ${JSON.stringify(headers).length} bytes of headers, ${keys.length} keys, 3 partitions\n`,
);
console.log(`raw kafkajs produce (batches of 1,000, acks=all)   ${rate(rawProduce)}`);
console.log(`raw kafkajs consume (one consumer)                  ${rate(rawConsume)}`);
console.log(`outbox append (PostgreSQL, 100 per transaction)     ${rate(appendRate)}`);
console.log(`EventLog Kafka consumer (adapter, commit per batch) ${rate(adapterConsume)}`);
console.log(`outbox relay -> Kafka (batches of 1,000)            ${rate(relayRate)}`);
console.log(`outbox -> Kafka -> consumer, end to end             ${rate(total / pipelineSeconds)}`);
console.log(
  `\nend to end / raw produce (the bound: every event is produced once) ${(total / pipelineSeconds / rawProduce).toFixed(2)}`,
);
console.log(
  `adapter consume / raw consume                                     ${(adapterConsume / rawConsume).toFixed(2)}`,
);
await kafkaInfra.stop();

async function timeConsume(topic: string, groupId: string): Promise<number> {
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let count = 0;
  let first = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: true,
      eachBatch: async ({ batch }) => {
        if (first === 0) first = performance.now();
        count += batch.messages.length;
        if (count >= total) resolve();
      },
    });
  });
  const seconds = (performance.now() - first) / 1000;
  await consumer.disconnect();
  return total / seconds;
}
