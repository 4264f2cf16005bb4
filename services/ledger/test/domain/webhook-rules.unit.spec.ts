import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  deliveryVerdictOf,
  endpointRestMsOf,
  isPublicOrAllowed,
  matchesEpcisQuery,
  requireNetworks,
  requireWebhookTarget,
  retryAfterMsOf,
} from '../../src/domain/index.ts';

const now = new Date('2026-12-05T12:00:00Z');
const middle = { random: () => 0.5 };

describe('webhook retries', () => {
  it('follows Standard Webhooks’ schedule: eight tries over about 28 hours, then a dead letter', () => {
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, wait) => sum + wait, 0);
    expect(DEFAULT_RETRY_SCHEDULE_MS).toHaveLength(8);
    expect(total / 3_600_000).toBeCloseTo(27.6, 1);
    const failed = { kind: 'answered', status: 503 } as const;
    expect(deliveryVerdictOf(failed, 0, now, middle)).toEqual({
      kind: 'retry',
      at: new Date(now.getTime() + 5_000),
      pauseEndpoint: true,
    });
    expect(deliveryVerdictOf(failed, 6, now, middle)).toMatchObject({ kind: 'retry' });
    expect(deliveryVerdictOf(failed, 7, now, middle)).toEqual({ kind: 'dead' });
  });

  it('jitters each wait by up to 20 % either way', () => {
    const failed = { kind: 'failed', error: 'ECONNREFUSED' } as const;
    const waitWith = (random: number) => {
      const verdict = deliveryVerdictOf(failed, 2, now, { random: () => random });
      return verdict.kind === 'retry' ? verdict.at.getTime() - now.getTime() : undefined;
    };
    expect(waitWith(0)).toBe(0.8 * 30 * 60_000);
    expect(waitWith(0.999_999)).toBeCloseTo(1.2 * 30 * 60_000, -2);
  });

  it('delivers on 2xx, disables on 410, honours a longer Retry-After, and pauses the endpoint only when it is unwell', () => {
    expect(deliveryVerdictOf({ kind: 'answered', status: 204 }, 3, now, middle)).toEqual({ kind: 'delivered' });
    expect(deliveryVerdictOf({ kind: 'answered', status: 410 }, 0, now, middle)).toEqual({ kind: 'gone' });
    expect(deliveryVerdictOf({ kind: 'answered', status: 429, retryAfterMs: 120_000 }, 0, now, middle)).toEqual({
      kind: 'retry',
      at: new Date(now.getTime() + 120_000),
      pauseEndpoint: true,
    });
    // A 4xx is about this message: the endpoint's other messages go on.
    expect(deliveryVerdictOf({ kind: 'answered', status: 400 }, 0, now, middle)).toMatchObject({
      pauseEndpoint: false,
    });
    expect(deliveryVerdictOf({ kind: 'answered', status: 302 }, 0, now, middle)).toMatchObject({ kind: 'retry' });
  });

  it('rests a failing endpoint longer with each failure in a row, until the schedule is used up', () => {
    expect(endpointRestMsOf(1, middle)).toBe(5_000);
    expect(endpointRestMsOf(4, middle)).toBe(2 * 3_600_000);
    expect(endpointRestMsOf(8, middle)).toBeUndefined();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMsOf('30', now)).toBe(30_000);
    expect(retryAfterMsOf('Sat, 05 Dec 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMsOf('soon', now)).toBeUndefined();
    expect(retryAfterMsOf(undefined, now)).toBeUndefined();
  });
});

describe('webhook targets', () => {
  const strict = { allowLoopbackHttp: false, allowedNetworks: [] };
  it('takes public https URLs', () => {
    expect(requireWebhookTarget('https://hooks.example.org/vezel?x=1', strict, 'url').hostname).toBe(
      'hooks.example.org',
    );
    expect(requireWebhookTarget('https://93.184.216.34/hooks', strict, 'url').hostname).toBe('93.184.216.34');
  });

  it('refuses plain http, credentials and private, loopback, link-local and unique-local addresses', () => {
    for (const url of [
      'http://hooks.example.org/',
      'https://user:secret@hooks.example.org/',
      'https://127.0.0.1/',
      'https://localhost/',
      'https://10.0.0.8/',
      'https://192.168.1.1/',
      'https://169.254.169.254/',
      'https://[::1]/',
      'https://[fd12::1]/',
      'https://[::ffff:10.0.0.1]/',
      'https://0.0.0.0/',
      'https://[fec0::1]/',
      'https://[64:ff9b::a00:1]/',
    ]) {
      expect(() => requireWebhookTarget(url, strict, 'url'), url).toThrow(expect.objectContaining({ field: 'url' }));
    }
  });

  it('lets the operator allow a private network, and plain http to loopback for development', () => {
    const inHouse = { allowLoopbackHttp: false, allowedNetworks: ['10.20.0.0/16', 'fd12::1'] };
    expect(requireWebhookTarget('https://10.20.3.4/hooks', inHouse, 'url').hostname).toBe('10.20.3.4');
    expect(requireWebhookTarget('https://[fd12::1]/hooks', inHouse, 'url').hostname).toBe('[fd12::1]');
    expect(() => requireWebhookTarget('https://10.21.0.1/hooks', inHouse, 'url')).toThrow();
    const dev = { allowLoopbackHttp: true, allowedNetworks: [] };
    expect(requireWebhookTarget('http://127.0.0.1:8080/hooks', dev, 'url').port).toBe('8080');
    expect(() => requireWebhookTarget('http://10.0.0.1/hooks', dev, 'url')).toThrow();
    expect(isPublicOrAllowed('8.8.8.8', [])).toBe(true);
  });

  it('checks the operator’s network list', () => {
    expect(requireNetworks(['10.0.0.0/8', '192.168.1.7', 'fd00::/8'], 'WEBHOOK_ALLOWED_NETWORKS')).toHaveLength(3);
    expect(() => requireNetworks(['10.0.0.0/33'], 'WEBHOOK_ALLOWED_NETWORKS')).toThrow(/WEBHOOK_ALLOWED_NETWORKS/);
  });
});

describe('EPCIS query conditions', () => {
  const event = {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'shipping',
    eventTime: '2026-03-01T10:00:00.000Z',
    quantityList: [{ epcClass: 'https://id.vezel.dev/nodes/B-1', quantity: 12.5, uom: 'KGM' }],
  };
  it('matches every condition given, each list as alternatives', () => {
    expect(matchesEpcisQuery(event, {})).toBe(true);
    expect(matchesEpcisQuery(event, { bizSteps: ['receiving', 'shipping'], actions: ['OBSERVE'] })).toBe(true);
    expect(matchesEpcisQuery(event, { bizSteps: ['receiving'] })).toBe(false);
    expect(matchesEpcisQuery(event, { eventTimeFrom: new Date('2026-03-01T10:00:00Z') })).toBe(true);
    expect(matchesEpcisQuery(event, { eventTimeBefore: new Date('2026-03-01T10:00:00Z') })).toBe(false);
    expect(matchesEpcisQuery(event, { epcClasses: ['https://id.vezel.dev/nodes/B-1'] })).toBe(true);
    expect(matchesEpcisQuery(event, { epcClasses: ['https://id.vezel.dev/nodes/B-2'] })).toBe(false);
    expect(matchesEpcisQuery(event, { eventTypes: ['TransformationEvent'] })).toBe(false);
  });
});
