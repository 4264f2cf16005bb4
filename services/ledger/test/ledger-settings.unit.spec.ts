import { describe, expect, it } from 'vitest';
import { readLedgerSettings } from '../src/ledger-settings.ts';

describe('the ledger settings', () => {
  it('computes the figures on a thread of their own unless LEDGER_FIGURE_THREAD is false', async () => {
    expect((await readLedgerSettings({})).figureThread).toBe(true);
    expect((await readLedgerSettings({ LEDGER_FIGURE_THREAD: 'false' })).figureThread).toBe(false);
    await expect(readLedgerSettings({ LEDGER_FIGURE_THREAD: 'off' })).rejects.toThrow(
      'LEDGER_FIGURE_THREAD must be true or false, got "off"',
    );
  });

  it('joins the consumer group LEDGER_CONSUMER_GROUP names, vezel-ledger by default', async () => {
    expect((await readLedgerSettings({})).groupId).toBeUndefined();
    expect((await readLedgerSettings({ LEDGER_CONSUMER_GROUP: 'acceptance-ledger' })).groupId).toBe(
      'acceptance-ledger',
    );
    await expect(readLedgerSettings({ LEDGER_CONSUMER_GROUP: 'two words' })).rejects.toThrow(
      `LEDGER_CONSUMER_GROUP must be 1-200 letters, digits, '.', '_' or '-', got "two words"`,
    );
  });

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

  it('sends webhooks only to public https addresses unless the operator allows networks or loopback http', async () => {
    expect((await readLedgerSettings({})).webhooks).toEqual({
      rules: { allowedNetworks: [], allowLoopbackHttp: false },
    });
    expect(
      (
        await readLedgerSettings({
          WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/16, fd00::/8',
          WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
          WEBHOOK_TIMEOUT_MS: '5000',
          WEBHOOK_RETENTION_DAYS: '30',
        })
      ).webhooks,
    ).toEqual({
      rules: { allowedNetworks: ['10.20.0.0/16', 'fd00::/8'], allowLoopbackHttp: true },
      timeoutMs: 5_000,
      limits: { retentionMs: 30 * 24 * 3_600_000 },
    });
    for (const [name, value, message] of [
      ['WEBHOOK_ALLOWED_NETWORKS', '10.0.0.0/33', /WEBHOOK_ALLOWED_NETWORKS must list IP addresses or CIDRs/],
      ['WEBHOOK_ALLOW_LOOPBACK_HTTP', 'yes', /WEBHOOK_ALLOW_LOOPBACK_HTTP must be true or false/],
      ['WEBHOOK_TIMEOUT_MS', '60000', /WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds up to 20000/],
      ['WEBHOOK_RETENTION_DAYS', '0', /WEBHOOK_RETENTION_DAYS must be a whole number of days/],
    ] as const) {
      await expect(readLedgerSettings({ [name]: value }), name).rejects.toThrow(message);
    }
  });
});
