import { describe, expect, it } from 'vitest';
import { readLedgerSettings } from '../src/ledger-settings.ts';

describe('the ledger settings', () => {
  it('bounds every query of the API at 10 s unless LEDGER_QUERY_TIMEOUT_MS says otherwise', async () => {
    expect((await readLedgerSettings({})).queryTimeoutMs).toBe(10_000);
    expect((await readLedgerSettings({ LEDGER_QUERY_TIMEOUT_MS: '2500' })).queryTimeoutMs).toBe(2_500);
    await expect(readLedgerSettings({ LEDGER_QUERY_TIMEOUT_MS: 'forever' })).rejects.toThrow(
      'LEDGER_QUERY_TIMEOUT_MS must be a whole number of milliseconds, got "forever"',
    );
  });

  it('puts EPCIS URIs under EPCIS_BASE_URI when given, and refuses one that is not an http(s) base', async () => {
    expect((await readLedgerSettings({})).epcisBase).toBeUndefined();
    expect((await readLedgerSettings({ EPCIS_BASE_URI: 'https://id.reshare.nl/chain' })).epcisBase).toBe(
      'https://id.reshare.nl/chain',
    );
    for (const bad of ['id.reshare.nl', 'https://id.reshare.nl/', 'ftp://x', 'https://a b']) {
      await expect(readLedgerSettings({ EPCIS_BASE_URI: bad })).rejects.toThrow(
        /^EPCIS_BASE_URI must be an http\(s\) URI/,
      );
    }
  });
});
