import { expectRejectedWithNothingWritten } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDisposalBody, aReceiptBody, aRunBody } from './recycling-http-fixtures.ts';
import { startRecyclingTestService, type RecyclingTestService } from './recycling-test-service.ts';

const receipts = '/v1/recycling/receipts';
const runs = '/v1/recycling/runs';
const disposals = '/v1/recycling/disposals';

const aReceipt = aReceiptBody({ receiptId: 'R-NEW', lotId: 'L-BAD' });
const aRun = aRunBody('RUN-NEW', 'L-BAD');
const aDisposal = aDisposalBody('DISP-NEW', 'L-BAD');
const anOutput = { productId: 'PROD-NEW', outcome: 'upcycling', productKind: 'bag', grams: 900 };

describe('recycling rejects bad input with 4xx problem+json naming the field, and writes nothing', () => {
  let service: RecyclingTestService;

  beforeAll(async () => {
    service = await startRecyclingTestService({ label: 'recycling_bad_input', observeKafka: false });
    // The lot the bad commands name is held, so only the bad input can be what is refused.
    expect((await service.post(receipts, aReceiptBody({ receiptId: 'R-BAD', lotId: 'L-BAD' }))).status).toBe(201);
  });
  afterAll(async () => {
    await service?.stop();
  });

  const expectRejected = (
    send: Parameters<typeof expectRejectedWithNothingWritten>[1],
    status: number,
    field: string,
  ): Promise<void> => expectRejectedWithNothingWritten(() => service.rowCounts(), send, status, field);

  it.each([
    ['a string for grams', receipts, { ...aReceipt, grams: '1000' }, 'grams'],
    ['negative grams', receipts, { ...aReceipt, grams: -5 }, 'grams'],
    ['fractional grams', receipts, { ...aReceipt, grams: 1.5 }, 'grams'],
    ['zero grams', receipts, { ...aReceipt, grams: 0 }, 'grams'],
    ['grams beyond 2^53', receipts, { ...aReceipt, grams: Number.MAX_SAFE_INTEGER + 2 }, 'grams'],
    [
      'a missing lot',
      receipts,
      { receiptId: 'R-NEW', processorId: 'P-1', grams: 1, receivedAt: '2026-03-10T08:00:00Z' },
      'lotId',
    ],
    ['a number for an id', receipts, { ...aReceipt, lotId: 5 }, 'lotId'],
    ['an empty receipt id', receipts, { ...aReceipt, receiptId: '' }, 'receiptId'],
    ['a receipt id longer than 128 characters', receipts, { ...aReceipt, receiptId: 'R'.repeat(129) }, 'receiptId'],
    ['a number for the delivery', receipts, { ...aReceipt, deliveryId: 7 }, 'deliveryId'],
    ['a time without an offset', receipts, { ...aReceipt, receivedAt: '2026-03-10T08:00:00' }, 'receivedAt'],
    ['a date without a time', receipts, { ...aReceipt, receivedAt: '2026-03-10' }, 'receivedAt'],
    ['an impossible date', receipts, { ...aReceipt, receivedAt: '2026-02-30T08:00:00Z' }, 'receivedAt'],
    ['an unknown field', receipts, { ...aReceipt, gram: 5 }, 'gram'],
    ['an array as the body', receipts, [aReceipt], 'body'],
    ['inputs that are not an array', runs, { ...aRun, inputs: { nodeId: 'L-BAD', grams: 1_000 } }, 'inputs'],
    ['no inputs', runs, { ...aRun, inputs: [] }, 'inputs'],
    ['an input without a node', runs, { ...aRun, inputs: [{ grams: 1_000 }] }, 'inputs[0].nodeId'],
    ['fractional input grams', runs, { ...aRun, inputs: [{ nodeId: 'L-BAD', grams: 999.5 }] }, 'inputs[0].grams'],
    [
      'a node listed twice',
      runs,
      {
        ...aRun,
        inputs: [
          { nodeId: 'L-BAD', grams: 500 },
          { nodeId: 'L-BAD', grams: 500 },
        ],
      },
      'inputs[1].nodeId',
    ],
    ['no outputs', runs, { ...aRun, outputs: [], lossGrams: 1_000 }, 'outputs'],
    ['an unknown outcome', runs, { ...aRun, outputs: [{ ...anOutput, outcome: 'recycling' }] }, 'outputs[0].outcome'],
    [
      'a missing product kind',
      runs,
      { ...aRun, outputs: [{ productId: 'PROD-NEW', outcome: 'upcycling', grams: 900 }] },
      'outputs[0].productKind',
    ],
    [
      'a blank product kind',
      runs,
      { ...aRun, outputs: [{ ...anOutput, productKind: '   ' }] },
      'outputs[0].productKind',
    ],
    [
      'a product listed twice',
      runs,
      {
        ...aRun,
        outputs: [
          { ...anOutput, grams: 450 },
          { ...anOutput, grams: 450 },
        ],
      },
      'outputs[1].productId',
    ],
    [
      'an unknown output field',
      runs,
      { ...aRun, outputs: [{ ...anOutput, fraction: 'upcycling' }] },
      'outputs[0].fraction',
    ],
    ['negative loss', runs, { ...aRun, lossGrams: -100 }, 'lossGrams'],
    ['fractional loss', runs, { ...aRun, lossGrams: 100.5 }, 'lossGrams'],
    ['a missing loss', runs, { ...aRun, lossGrams: undefined }, 'lossGrams'],
    [
      'more than 1000 input lines',
      runs,
      { ...aRun, inputs: Array.from({ length: 1_001 }, (_, index) => ({ nodeId: `L-${index}`, grams: 1 })) },
      'inputs',
    ],
    ['a completion time without an offset', runs, { ...aRun, completedAt: '2026-03-11 17:00' }, 'completedAt'],
    ['an unknown disposal method', disposals, { ...aDisposal, method: 'composting' }, 'method'],
    ['a missing disposal method', disposals, { ...aDisposal, method: undefined }, 'method'],
    ['negative disposal grams', disposals, { ...aDisposal, grams: -1 }, 'grams'],
    ['a disposal time without an offset', disposals, { ...aDisposal, disposedAt: '2026-03-12T09:00:00' }, 'disposedAt'],
    ['a disposal without a processor', disposals, { ...aDisposal, processorId: undefined }, 'processorId'],
  ])('rejects %s with 400', async (_name, path, body, field) => {
    await expectRejected(() => service.post(path, body), 400, field);
  });

  it('rejects malformed JSON with 400 naming the body', async () => {
    await expectRejected(() => service.postRaw(runs, '{"runId": "RUN-NEW",'), 400, 'body');
  });

  it('rejects a POST without a body with 400 naming the body', async () => {
    await expectRejected(
      async () => {
        const response = await fetch(service.url + receipts, { method: 'POST' });
        return {
          status: response.status,
          contentType: response.headers.get('content-type'),
          body: (await response.json()) as Record<string, unknown>,
        };
      },
      400,
      'body',
    );
  });

  it('rejects a body that is not JSON with 415', async () => {
    await expectRejected(
      () => service.postRaw(disposals, 'disposalId=DISP-NEW', 'application/x-www-form-urlencoded'),
      415,
      'body',
    );
  });

  it('rejects an oversized body with 413', async () => {
    const inputs = Array.from({ length: 900 }, (_, index) => ({ nodeId: `L-${'x'.repeat(100)}-${index}`, grams: 1 }));
    await expectRejected(() => service.post(runs, { ...aRun, inputs }), 413, 'body');
  });

  it('rejects an over-long id in a path with 400', async () => {
    for (const [path, field] of [
      [`receipts/${'R'.repeat(129)}`, 'receiptId'],
      [`runs/${'R'.repeat(129)}`, 'runId'],
      [`products/${'P'.repeat(129)}`, 'productId'],
      [`disposals/${'D'.repeat(129)}`, 'disposalId'],
      [`processors/${'P'.repeat(129)}/stock`, 'processorId'],
    ] as const) {
      const response = await service.get(`/v1/recycling/${path}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ field });
    }
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await service.get('/v1/recycling/lots/L-1');
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
  });
});
