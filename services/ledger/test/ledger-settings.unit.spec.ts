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
});
