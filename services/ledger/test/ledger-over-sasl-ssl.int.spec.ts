import { readFile } from 'node:fs/promises';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import type { ServiceMainProcess } from '@vezel/service-testing';
import { createTestDatabase, eventually, testKafkaSaslSsl } from '@vezel/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { appliedEvents, exited, publishGeneratedChain, startLedgerProcess } from './support/ledger-processes.ts';

/*
 * The ledger process configured for a managed Kafka over TLS (KAFKA_TLS_CA_FILE and KAFKA_SASL_* from the
 * environment, as runService reads them) consumes the chain over the local broker's SASL_SSL listener; trusting only
 * the system's authorities (KAFKA_TLS=true) it never applies anything and says the certificate is not trusted.
 */
const EVENTS = 2_000;
const sasl = { mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'vezel-local-secret' } as const;
const opened: { db?: Db; eventLog?: EventLog; processes: ServiceMainProcess[] } = { processes: [] };

afterAll(async () => {
  for (const process of opened.processes) process.child.kill('SIGKILL');
  await opened.eventLog?.close();
  await opened.db?.close();
});

describe('the ledger over SASL_SSL', () => {
  it('applies every event of the chain it reads through a TLS listener it trusts by KAFKA_TLS_CA_FILE', async () => {
    const { brokers, caFile } = testKafkaSaslSsl();
    opened.eventLog = createKafkaEventLog({
      brokers,
      clientId: 'ledger-sasl-ssl-publisher',
      sasl,
      tls: { ca: await readFile(caFile, 'utf8') },
    });
    const { topics, published } = await publishGeneratedChain(opened.eventLog, {
      label: 'sasl-ssl',
      events: EVENTS,
      seed: 11,
    });
    const databaseUrl = await createTestDatabase('ledger-sasl-ssl');
    opened.db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
    const saslEnv = {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_SASL_MECHANISM: sasl.mechanism,
      KAFKA_SASL_USERNAME: sasl.username,
      KAFKA_SASL_PASSWORD: sasl.password,
      LEDGER_CONSUMER_GROUP: `ledger-sasl-ssl-${Date.now().toString(36)}`,
    };

    const untrusting = startLedgerProcess(databaseUrl, topics, { ...saslEnv, KAFKA_TLS: 'true' });
    opened.processes.push(untrusting);
    await eventually(
      () =>
        /self-signed certificate|unable to get local issuer certificate/.test(
          untrusting.stderr() + JSON.stringify(untrusting.lines),
        ),
      { description: 'the ledger without the authority says the certificate is not trusted', timeoutMs: 60_000 },
    );
    expect(await appliedEvents(opened.db)).toBe(0);
    untrusting.child.kill('SIGKILL');
    await exited(untrusting);

    const ledger = startLedgerProcess(databaseUrl, topics, { ...saslEnv, KAFKA_TLS_CA_FILE: caFile });
    opened.processes.push(ledger);
    await eventually(async () => (await appliedEvents(opened.db!)) === published, {
      description: `the ledger applied ${published} events (stderr: ${ledger.stderr().slice(-1_000)})`,
      timeoutMs: 120_000,
    });
    ledger.child.kill('SIGTERM');
    await exited(ledger);
    // Every connection named its broker (SNI) by host name: Node warns of none.
    expect(ledger.stderr()).not.toContain('DEP0123');
  }, 300_000);
});
