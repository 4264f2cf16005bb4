import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import './provided-infrastructure.ts';
import {
  resolveKafka,
  resolveKafkaSasl,
  resolveKafkaSaslSsl,
  resolvePostgres,
  type ResolvedService,
} from './resolve-infrastructure.ts';
import { deleteRunTopics } from './delete-run-topics.ts';
import { waitForKafka } from './wait-for-kafka.ts';

/**
 * Resolves Kafka and PostgreSQL once for the integration tier, prints what the run really talks to, and drops the
 * databases the run created when it ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const testRunId = `t${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const started: ResolvedService[] = [];
  const stopStarted = async (): Promise<void> => {
    await Promise.allSettled(started.map((service) => service.stop()));
  };
  let kafka: ResolvedService;
  let postgres: ResolvedService;
  let brokerVersion: string;
  try {
    kafka = await resolveKafka();
    started.push(kafka);
    postgres = await resolvePostgres();
    started.push(postgres);
    brokerVersion = await waitForKafka(kafka.address);
  } catch (error) {
    // Whatever was started for this run must not outlive a failed set-up.
    await stopStarted();
    throw error;
  }
  console.log(`[infrastructure] Kafka: ${kafka.description} (broker answers, cluster ${brokerVersion})`);
  console.log(`[infrastructure] PostgreSQL: ${postgres.description}`);
  project.provide('kafkaBrokers', kafka.address);
  const sasl = await resolveKafkaSasl(kafka);
  if (sasl !== undefined) console.log(`[infrastructure] Kafka SASL listener: ${sasl}`);
  project.provide('kafkaSaslBrokers', sasl ?? '');
  const saslSsl = await resolveKafkaSaslSsl(kafka);
  if (saslSsl !== undefined) {
    console.log(`[infrastructure] Kafka SASL_SSL listener: ${saslSsl.brokers} (authority ${saslSsl.caFile})`);
  }
  project.provide('kafkaSaslSslBrokers', saslSsl?.brokers ?? '');
  project.provide('kafkaSaslSslCaFile', saslSsl?.caFile ?? '');
  project.provide('adminDatabaseUrl', postgres.address);
  project.provide('testRunId', testRunId);

  return async () => {
    try {
      await Promise.allSettled([
        dropRunDatabases(postgres.address, testRunId),
        deleteRunTopics(kafka.address, testRunId),
      ]);
    } finally {
      await stopStarted();
    }
  };
}

async function dropRunDatabases(adminUrl: string, testRunId: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `vezel_${testRunId}_%`,
    ]);
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await client.end();
  }
}
