import { recordingEnvironment } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { ledgerEnvironment, readLedgerSettings } from '../src/ledger-settings.ts';

describe('the ledger catalogue', () => {
  it('declares exactly the variables readLedgerSettings reads', async () => {
    const { env, read } = recordingEnvironment({});
    await readLedgerSettings(env);
    expect([...read].sort()).toEqual(ledgerEnvironment.map(({ name }) => name).sort());
  });

  it('is read by the ledger alone', () => {
    expect(ledgerEnvironment.filter(({ services }) => services === 'all' || services.join() !== 'ledger')).toEqual([]);
  });
});
