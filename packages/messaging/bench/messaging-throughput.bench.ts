// npm run bench:messaging — the two Kafka clients side by side (raw produce and consume, and the EventLog adapter on
// each), then outbox -> Kafka -> consumer through the adapter the services use, for the same events (100,000 by
// default; BENCH_EVENTS to change) on this machine's real broker and PostgreSQL.
import { randomBytes } from 'node:crypto';
import {
  Consumer,
  ProduceAcks,
  Producer,
  compatibilityPartitioner,
  MessagesStreamModes,
  type MessageToProduce,
} from '@platformatic/kafka';
import { createPgDb } from '@vezel/db';
import { resolveKafka, resolvePostgres, waitForKafka } from '@vezel/testing/infrastructure';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import pg from 'pg';
import {
  appendToOutbox,
  createKafkaEventLog,
  outboxSchemaSql,
  startOutboxRelay,
  type EventLog,
  type EventRecord,
  type KafkaEventLogOptions,
  type OutboxMessage,
} from '../src/index.ts';
import { createKafkajsEventLog } from './kafkajs-event-log.ts';
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
const headersOf = (index: number, key: string) => ({ ...headers, ce_id: `${index}`, ce_subject: key });

const clients = ['kafkajs', '@platformatic/kafka'] as const;
type Client = (typeof clients)[number];
const topicsOf = (client: Client) => {
  const name = client === 'kafkajs' ? 'kafkajs' : 'platformatic';
  return { raw: `${runId}.raw-${name}`, adapter: `${runId}.adapter-${name}` };
};
const adapters: Record<Client, (options: KafkaEventLogOptions) => EventLog> = {
  kafkajs: createKafkajsEventLog,
  '@platformatic/kafka': createKafkaEventLog,
};

const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.ERROR });
const admin = kafka.admin();
await admin.connect();
const allTopics = [...clients.flatMap((client) => Object.values(topicsOf(client))), `${runId}.pipeline`];
await admin.createTopics({ waitForLeaders: true, topics: allTopics.map((topic) => ({ topic, numPartitions: 3 })) });

const rates: Record<Client, Record<'rawProduce' | 'rawConsume' | 'adapterPublish' | 'adapterConsume', number>> = {
  kafkajs: {
    rawProduce: await rawKafkajsProduce(topicsOf('kafkajs').raw),
    rawConsume: await rawKafkajsConsume(topicsOf('kafkajs').raw),
    ...(await adapterRates('kafkajs')),
  },
  '@platformatic/kafka': {
    rawProduce: await rawPlatformaticProduce(topicsOf('@platformatic/kafka').raw),
    rawConsume: await rawPlatformaticConsume(topicsOf('@platformatic/kafka').raw),
    ...(await adapterRates('@platformatic/kafka')),
  },
};

// Outbox append (PostgreSQL), then relay -> Kafka -> consumer through the adapter the services use.
const admin2 = new pg.Client({ connectionString: postgresInfra.address });
await admin2.connect();
await admin2.query(`create database "vezel_${runId}"`);
const url = new URL(postgresInfra.address);
url.pathname = `/vezel_${runId}`;
const db = createPgDb({ connectionString: url.toString() });
await db.query(outboxSchemaSql);
let started = performance.now();
for (let start = 0; start < total; start += 100) {
  await db.transaction((tx) => appendToOutbox(tx, messages.slice(start, start + 100)));
}
const appendRate = total / ((performance.now() - started) / 1000);

const eventLog = createKafkaEventLog({ brokers, clientId: 'bench-relay' });
const consumed = { count: 0 };
const subscription = await eventLog.subscribe({
  groupId: `${runId}-pipeline`,
  topics: [`${runId}.pipeline`],
  handleBatch: async (batch) => {
    consumed.count += batch.events.length;
  },
});
started = performance.now();
const relay = await startOutboxRelay({ db, eventLog, batchSize: 1_000 });
let relayDone = 0;
while (consumed.count < total) {
  if (!relayDone && relay.published() >= total) relayDone = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const pipelineSeconds = (performance.now() - started) / 1000;
const relayRate = total / (((relayDone || performance.now()) - started) / 1000);
await relay.stop();
await subscription.stop();
await eventLog.close();
await db.close();
await admin2.query(`drop database "vezel_${runId}" with (force)`);
await admin2.end();
await admin.deleteTopics({ topics: allTopics });
await admin.disconnect();

const rate = (value: number) => `${Math.round(value).toLocaleString('en').padStart(10)} events/s`;
const row = (label: string, of: (client: Client) => number) =>
  console.log(`${label.padEnd(52)}${clients.map((client) => rate(of(client)).padStart(24)).join('')}`);
console.log(
  `\naverage event value ${averageValue} bytes + ${JSON.stringify(headers).length} bytes of headers, ${keys.length} keys, 3 partitions\n`,
);
console.log(`${''.padEnd(52)}${clients.map((client) => client.padStart(24)).join('')}`);
row('raw produce (batches of 1,000, acks=all)', (client) => rates[client].rawProduce);
row('raw consume (one consumer)', (client) => rates[client].rawConsume);
row('EventLog publish (adapter, 1,000 a call, acks=all)', (client) => rates[client].adapterPublish);
row('EventLog consume (adapter, commit per batch)', (client) => rates[client].adapterConsume);
console.log(
  `${'adapter consume / raw consume'.padEnd(52)}${clients
    .map((client) => (rates[client].adapterConsume / rates[client].rawConsume).toFixed(2).padStart(24))
    .join('')}`,
);
console.log(`\nthrough createKafkaEventLog (what the services use):`);
console.log(`outbox append (PostgreSQL, 100 per transaction)     ${rate(appendRate)}`);
console.log(`outbox relay -> Kafka (batches of 1,000)            ${rate(relayRate)}`);
console.log(`outbox -> Kafka -> consumer, end to end             ${rate(total / pipelineSeconds)}`);
await kafkaInfra.stop();

async function rawKafkajsProduce(topic: string): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
  await producer.connect();
  const begun = performance.now();
  for (let start = 0; start < total; start += 1_000) {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.slice(start, start + 1_000).map((message, index) => ({
        key: message.subject,
        value: Buffer.from(message.value),
        headers: headersOf(start + index, message.subject),
      })),
    });
  }
  const produced = total / ((performance.now() - begun) / 1000);
  await producer.disconnect();
  return produced;
}

async function rawKafkajsConsume(topic: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: `${topic}-raw`, maxBytesPerPartition: 4 * 1024 * 1024 });
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

async function rawPlatformaticProduce(topic: string): Promise<number> {
  const producer = new Producer({
    clientId: 'bench',
    bootstrapBrokers: brokers,
    acks: ProduceAcks.ALL,
    maxInflights: 1,
    partitioner: compatibilityPartitioner,
  });
  const begun = performance.now();
  for (let start = 0; start < total; start += 1_000) {
    await producer.send({
      messages: messages.slice(start, start + 1_000).map((message, index): MessageToProduce => ({
        topic,
        key: Buffer.from(message.subject),
        value: Buffer.from(message.value),
        headers: new Map(
          Object.entries(headersOf(start + index, message.subject)).map(([name, value]) => [
            Buffer.from(name),
            Buffer.from(value),
          ]),
        ),
      })),
    });
  }
  const produced = total / ((performance.now() - begun) / 1000);
  await producer.close();
  return produced;
}

async function rawPlatformaticConsume(topic: string): Promise<number> {
  const consumer = new Consumer({ clientId: 'bench', bootstrapBrokers: brokers, groupId: `${topic}-raw` });
  const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: true });
  let count = 0;
  let first = 0;
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('data', () => {
      if (first === 0) first = performance.now();
      count += 1;
      if (count === total) resolve();
    });
  });
  const seconds = (performance.now() - first) / 1000;
  await stream.close();
  await consumer.close();
  return total / seconds;
}

/** EventLog.publish in calls of 1,000, then a fresh group reading them all back through subscribe. */
async function adapterRates(client: Client): Promise<{ adapterPublish: number; adapterConsume: number }> {
  const topic = topicsOf(client).adapter;
  const log = adapters[client]({ brokers, clientId: 'bench-adapter' });
  try {
    const begun = performance.now();
    for (let start = 0; start < total; start += 1_000) {
      await log.publish(
        messages.slice(start, start + 1_000).map((message, index): EventRecord => ({
          topic,
          key: message.subject,
          value: message.value,
          headers: headersOf(start + index, message.subject),
        })),
      );
    }
    const adapterPublish = total / ((performance.now() - begun) / 1000);
    let count = 0;
    let first = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const reader = await log.subscribe({
      groupId: `${topic}-reread`,
      topics: [topic],
      handleBatch: async (batch) => {
        if (first === 0) first = performance.now();
        count += batch.events.length;
        if (count >= total) done();
      },
    });
    await finished;
    const adapterConsume = total / ((performance.now() - first) / 1000);
    await reader.stop();
    return { adapterPublish, adapterConsume };
  } finally {
    await log.close();
  }
}
