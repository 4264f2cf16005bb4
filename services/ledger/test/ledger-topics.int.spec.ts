import { createTestDatabase, eventually, uniqueTopicName } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { exited, startLedgerProcess } from './support/ledger-processes.ts';

/* Where topics are provisioned by the operator (KAFKA_CREATE_TOPICS=false), a ledger missing them does not start. */
describe('the ledger process with topic creation off', () => {
  it('refuses to start when its topics are missing, naming them and the setting', async () => {
    const missing = uniqueTopicName('ledger-unprovisioned');
    const ledger = startLedgerProcess(await createTestDatabase('ledger-topics'), [missing], {
      KAFKA_CREATE_TOPICS: 'false',
    });
    await exited(ledger);
    expect(ledger.child.exitCode).not.toBe(0);
    await eventually(() => (ledger.stderr() + JSON.stringify(ledger.lines)).includes('KAFKA_CREATE_TOPICS=false'), {
      description: `the ledger says why it stopped (stderr: ${ledger.stderr().slice(-1_000)})`,
    });
    expect(ledger.stderr() + JSON.stringify(ledger.lines)).toContain(missing);
  }, 120_000);
});
