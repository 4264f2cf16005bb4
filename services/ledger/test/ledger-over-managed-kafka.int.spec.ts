import { readFile } from 'node:fs/promises';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog, type KafkaEventLogOptions } from '@vezel/messaging';
import type { ServiceMainProcess } from '@vezel/service-testing';
import { createTestDatabase, eventually, testKafkaSaslBrokers, testKafkaSaslSsl } from '@vezel/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { appliedEvents, exited, publishGeneratedChain, startLedgerProcess } from './support/ledger-processes.ts';

/*
 * The ledger process configured for a managed Kafka (KAFKA_SASL_*, KAFKA_TLS, KAFKA_TLS_CA_FILE from the environment,
 * as runService reads them) consumes the chain over the local broker's SCRAM-SHA-512 listener and over its SASL_SSL
 * one; configured wrongly (a wrong password, an authority it does not trust) it applies nothing and says why.
 */
const EVENTS = 2_000;
const sasl = { mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'vezel-local-secret' } as const;
const opened: { dbs: Db[]; eventLogs: EventLog[]; processes: ServiceMainProcess[] } = {
  dbs: [],
  eventLogs: [],
  processes: [],
};

afterAll(async () => {
  for (const process of opened.processes) process.child.kill('SIGKILL');
  await Promise.all(opened.eventLogs.map((eventLog) => eventLog.close()));
  await Promise.all(opened.dbs.map((db) => db.close()));
});

interface ListenerCase {
  readonly label: string;
  readonly seed: number;
  readonly brokers: readonly string[];
  /** How the test's own publisher reaches the listener. */
  readonly publisher: Pick<KafkaEventLogOptions, 'sasl' | 'tls'>;
  /** The ledger's environment that reaches it, and one that must not. */
  readonly env: Readonly<Record<string, string>>;
  readonly wrongEnv: Readonly<Record<string, string>>;
  /** What the wrongly configured ledger says, and in words. */
  readonly refusal: RegExp;
  readonly refusalDescription: string;
}

/**
 * Publishes a chain through the listener, then runs the ledger configured wrongly (it must say why and apply
 * nothing) and rightly (it must apply every event); answers the right one, stopped.
 */
async function appliesOnlyWhenConfiguredRightly(listener: ListenerCase): Promise<ServiceMainProcess> {
  const eventLog = createKafkaEventLog({
    brokers: listener.brokers,
    clientId: `ledger-${listener.label}-publisher`,
    ...listener.publisher,
  });
  opened.eventLogs.push(eventLog);
  const { topics, published } = await publishGeneratedChain(eventLog, {
    label: listener.label,
    events: EVENTS,
    seed: listener.seed,
  });
  const databaseUrl = await createTestDatabase(`ledger-${listener.label}`);
  const db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  opened.dbs.push(db);
  const common = {
    KAFKA_BROKERS: listener.brokers.join(','),
    LEDGER_CONSUMER_GROUP: `ledger-${listener.label}-${Date.now().toString(36)}`,
  };

  const wrong = startLedgerProcess(databaseUrl, topics, { ...common, ...listener.wrongEnv });
  opened.processes.push(wrong);
  await eventually(() => listener.refusal.test(wrong.stderr() + JSON.stringify(wrong.lines)), {
    description: listener.refusalDescription,
    timeoutMs: 60_000,
  });
  expect(await appliedEvents(db)).toBe(0);
  wrong.child.kill('SIGKILL');
  await exited(wrong);

  const ledger = startLedgerProcess(databaseUrl, topics, { ...common, ...listener.env });
  opened.processes.push(ledger);
  await eventually(async () => (await appliedEvents(db)) === published, {
    description: `the ledger applied ${published} events (stderr: ${ledger.stderr().slice(-1_000)})`,
    timeoutMs: 120_000,
  });
  ledger.child.kill('SIGTERM');
  await exited(ledger);
  return ledger;
}

const saslEnv = {
  KAFKA_SASL_MECHANISM: sasl.mechanism,
  KAFKA_SASL_USERNAME: sasl.username,
  KAFKA_SASL_PASSWORD: sasl.password,
};

describe('the ledger over a managed Kafka', () => {
  it('applies every event of the chain it reads through a SCRAM-SHA-512 listener', async () => {
    await appliesOnlyWhenConfiguredRightly({
      label: 'sasl',
      seed: 9,
      brokers: testKafkaSaslBrokers(),
      publisher: { sasl },
      env: saslEnv,
      wrongEnv: { ...saslEnv, KAFKA_SASL_PASSWORD: 'not-the-password' },
      refusal: /auth/i,
      refusalDescription: 'the ledger with a wrong password says authentication failed',
    });
  }, 300_000);

  it('applies every event of the chain it reads through a TLS listener it trusts by KAFKA_TLS_CA_FILE', async () => {
    const { brokers, caFile } = testKafkaSaslSsl();
    const ledger = await appliesOnlyWhenConfiguredRightly({
      label: 'sasl-ssl',
      seed: 11,
      brokers,
      publisher: { sasl, tls: { ca: await readFile(caFile, 'utf8') } },
      env: { ...saslEnv, KAFKA_TLS_CA_FILE: caFile },
      wrongEnv: { ...saslEnv, KAFKA_TLS: 'true' },
      refusal: /self-signed certificate|unable to get local issuer certificate/,
      refusalDescription: 'the ledger without the authority says the certificate is not trusted',
    });
    // Every connection named its broker (SNI) by host name: Node warns of none.
    expect(ledger.stderr()).not.toContain('DEP0123');
  }, 300_000);
});
