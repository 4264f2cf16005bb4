import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import type { ServiceMainProcess } from '@vezel/service-testing';
import { createTestDatabase, eventually, testKafkaSaslBrokers } from '@vezel/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { appliedEvents, exited, publishGeneratedChain, startLedgerProcess } from './support/ledger-processes.ts';

/*
 * The ledger process configured for a managed Kafka (KAFKA_SASL_* from the environment, as runService reads them)
 * consumes the chain over the local broker's SCRAM-SHA-512 listener; with a wrong password it never applies anything
 * and says why.
 */
const EVENTS = 2_000;
const sasl = { mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'vezel-local-secret' } as const;
const opened: { db?: Db; eventLog?: EventLog; processes: ServiceMainProcess[] } = { processes: [] };

afterAll(async () => {
  for (const process of opened.processes) process.child.kill('SIGKILL');
  await opened.eventLog?.close();
  await opened.db?.close();
});

describe('the ledger over SASL', () => {
  it('applies every event of the chain it reads through a SCRAM-SHA-512 listener', async () => {
    const brokers = testKafkaSaslBrokers();
    opened.eventLog = createKafkaEventLog({ brokers, clientId: 'ledger-sasl-publisher', sasl });
    const { topics, published } = await publishGeneratedChain(opened.eventLog, {
      label: 'sasl',
      events: EVENTS,
      seed: 9,
    });
    const databaseUrl = await createTestDatabase('ledger-sasl');
    opened.db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
    const saslEnv = {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_SASL_MECHANISM: sasl.mechanism,
      KAFKA_SASL_USERNAME: sasl.username,
      LEDGER_CONSUMER_GROUP: `ledger-sasl-${Date.now().toString(36)}`,
    };

    const refused = startLedgerProcess(databaseUrl, topics, { ...saslEnv, KAFKA_SASL_PASSWORD: 'not-the-password' });
    opened.processes.push(refused);
    await eventually(() => /auth/i.test(refused.stderr() + JSON.stringify(refused.lines)), {
      description: 'the ledger with a wrong password says authentication failed',
      timeoutMs: 60_000,
    });
    expect(await appliedEvents(opened.db)).toBe(0);
    refused.child.kill('SIGKILL');
    await exited(refused);

    const ledger = startLedgerProcess(databaseUrl, topics, { ...saslEnv, KAFKA_SASL_PASSWORD: sasl.password });
    opened.processes.push(ledger);
    await eventually(async () => (await appliedEvents(opened.db!)) === published, {
      description: `the ledger applied ${published} events (stderr: ${ledger.stderr().slice(-1_000)})`,
      timeoutMs: 120_000,
    });
    ledger.child.kill('SIGTERM');
    await exited(ledger);
  }, 300_000);
});
