import { expectRejectedWithNothingWritten } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDispatchBody, aReceiptBody, aRunBody } from './sorting-requests.ts';
import { startSortingTestService, type SortingTestService } from './sorting-test-service.ts';

const receipts = '/v1/sorting/receipts';
const runs = '/v1/sorting/runs';
const dispatches = '/v1/sorting/lots/L-BAD-a/dispatches';

const aReceipt = aReceiptBody({ receiptId: 'R-NEW', nodeId: 'B-NEW' });
const aRun = aRunBody('RUN-NEW', 'B-BAD-2', ['L-NEW-a', 'L-NEW-b']);
const aDispatch = aDispatchBody('D-NEW', 10);
const withDestination = (destination: unknown): Record<string, unknown> => ({ ...aDispatch, destination });

describe('sorting rejects bad input with 4xx problem+json naming the field, and writes nothing', () => {
  let service: SortingTestService;

  beforeAll(async () => {
    service = await startSortingTestService({ label: 'sorting_bad_input', observeKafka: false });
    // A lot to dispatch (L-BAD-a) and a batch the next run could consume (B-BAD-2): only the input is wrong below.
    await service.post(receipts, aReceiptBody({ receiptId: 'R-BAD-1', nodeId: 'B-BAD-1' }));
    await service.post(receipts, aReceiptBody({ receiptId: 'R-BAD-2', nodeId: 'B-BAD-2' }));
    expect((await service.post(runs, aRunBody('RUN-BAD', 'B-BAD-1', ['L-BAD-a', 'L-BAD-b']))).status).toBe(201);
  });
  afterAll(async () => {
    await service?.stop();
  });

  const expectRejected = (
    send: Parameters<typeof expectRejectedWithNothingWritten>[1],
    status: number,
    field: string,
  ): Promise<void> => expectRejectedWithNothingWritten(() => service.rowCounts(), send, status, field);

  it.each<[string, string, unknown, string]>([
    ['a string for grams', receipts, { ...aReceipt, grams: '1000' }, 'grams'],
    ['negative grams', receipts, { ...aReceipt, grams: -5 }, 'grams'],
    ['fractional grams', receipts, { ...aReceipt, grams: 1.5 }, 'grams'],
    ['zero grams', receipts, { ...aReceipt, grams: 0 }, 'grams'],
    ['grams beyond 2^53', receipts, { ...aReceipt, grams: Number.MAX_SAFE_INTEGER + 2 }, 'grams'],
    ['a number for an id', receipts, { ...aReceipt, nodeId: 5 }, 'nodeId'],
    ['an empty id', receipts, { ...aReceipt, centreId: '' }, 'centreId'],
    ['an id longer than 128 characters', receipts, { ...aReceipt, nodeId: 'B'.repeat(129) }, 'nodeId'],
    ['an id with a control character', receipts, { ...aReceipt, nodeId: 'B-\u0000' }, 'nodeId'],
    ['an id with a trailing space', receipts, { ...aReceipt, receiptId: 'R-NEW ' }, 'receiptId'],
    ['an empty delivery id', receipts, { ...aReceipt, deliveryId: '' }, 'deliveryId'],
    ['a missing node', receipts, { centreId: 'SC-1', grams: 1, receivedAt: '2026-03-02T09:00:00Z' }, 'nodeId'],
    ['a missing time', receipts, { nodeId: 'B-NEW', centreId: 'SC-1', grams: 1 }, 'receivedAt'],
    ['a time without an offset', receipts, { ...aReceipt, receivedAt: '2026-03-02T09:00:00' }, 'receivedAt'],
    ['a date without a time', receipts, { ...aReceipt, receivedAt: '2026-03-02' }, 'receivedAt'],
    ['an impossible date', receipts, { ...aReceipt, receivedAt: '2026-02-30T09:00:00Z' }, 'receivedAt'],
    ['an unknown field', receipts, { ...aReceipt, gram: 5 }, 'gram'],
    ['an array as the body', receipts, [aReceipt], 'body'],
    ['inputs that are not an array', runs, { ...aRun, inputs: { nodeId: 'B-BAD-2', grams: 1 } }, 'inputs'],
    ['no inputs', runs, { ...aRun, inputs: [] }, 'inputs'],
    ['an input line that is not an object', runs, { ...aRun, inputs: ['B-BAD-2'] }, 'inputs[0]'],
    ['fractional input grams', runs, { ...aRun, inputs: [{ nodeId: 'B-BAD-2', grams: 9_999.5 }] }, 'inputs[0].grams'],
    [
      'an unknown field in an output',
      runs,
      { ...aRun, outputs: [{ lotId: 'L-X', fraction: 'upcycling', grams: 9_500, grade: 'A' }] },
      'outputs[0].grade',
    ],
    ['a missing fraction', runs, { ...aRun, outputs: [{ lotId: 'L-X', grams: 9_500 }] }, 'outputs[0].fraction'],
    [
      'an unknown fraction',
      runs,
      { ...aRun, outputs: [{ lotId: 'L-X', fraction: 'reuse.gold', grams: 9_500 }] },
      'outputs[0].fraction',
    ],
    ['negative loss', runs, { ...aRun, lossGrams: -500 }, 'lossGrams'],
    ['a missing loss', runs, { ...aRun, lossGrams: undefined }, 'lossGrams'],
    [
      'a lot listed twice',
      runs,
      {
        ...aRun,
        outputs: [
          { lotId: 'L-X', fraction: 'upcycling', grams: 4_750 },
          { lotId: 'L-X', fraction: 'upcycling', grams: 4_750 },
        ],
      },
      'outputs[1].lotId',
    ],
    ['a completion time without an offset', runs, { ...aRun, completedAt: '2026-03-02T15:00' }, 'completedAt'],
    ['an unknown destination kind', dispatches, withDestination({ kind: 'charity', id: 'X-1' }), 'destination.kind'],
    ['a destination that is not an object', dispatches, withDestination('ST-1'), 'destination'],
    ['a missing destination id', dispatches, withDestination({ kind: 'store' }), 'destination.id'],
    [
      'an exporter without a country',
      dispatches,
      withDestination({ kind: 'exporter', id: 'EX-1' }),
      'destination.country',
    ],
    ['a disposal without a method', dispatches, withDestination({ kind: 'disposal', id: 'AVR' }), 'destination.method'],
    [
      'an unknown disposal method',
      dispatches,
      withDestination({ kind: 'disposal', id: 'AVR', method: 'burying' }),
      'destination.method',
    ],
    [
      'an unknown destination field',
      dispatches,
      withDestination({ kind: 'store', id: 'ST-1', address: 'Brink 1' }),
      'destination.address',
    ],
    ['a negative transport distance', dispatches, { ...aDispatch, transportKm: -1 }, 'transportKm'],
    ['a transport distance as a string', dispatches, { ...aDispatch, transportKm: '12' }, 'transportKm'],
    ['fractional dispatch grams', dispatches, { ...aDispatch, grams: 0.5 }, 'grams'],
    ['a missing dispatch id', dispatches, { ...aDispatch, dispatchId: undefined }, 'dispatchId'],
  ])('rejects %s with 400', async (_name, path, body, field) => {
    await expectRejected(() => service.post(path, body), 400, field);
  });

  it('checks the input of a dispatch before whether its lot exists', async () => {
    await expectRejected(
      () => service.post('/v1/sorting/lots/L-NOWHERE/dispatches', withDestination({ kind: 'exporter', id: 'EX-1' })),
      400,
      'destination.country',
    );
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
          location: null,
          body: (await response.json()) as Record<string, unknown>,
        };
      },
      400,
      'body',
    );
  });

  it('rejects a body that is not JSON with 415', async () => {
    await expectRejected(
      () => service.postRaw(receipts, 'nodeId=B-NEW', 'application/x-www-form-urlencoded'),
      415,
      'body',
    );
  });

  it('rejects an oversized body with 413', async () => {
    const inputs = Array.from({ length: 2_000 }, (_, index) => ({ nodeId: `B-${'x'.repeat(20)}-${index}`, grams: 1 }));
    await expectRejected(() => service.post(runs, { ...aRun, inputs }), 413, 'body');
  });

  it('rejects an over-long id in the path with 400', async () => {
    const long = 'L'.repeat(129);
    await expectRejected(() => service.post(`/v1/sorting/lots/${long}/dispatches`, aDispatch), 400, 'lotId');
    for (const [path, field] of [
      [`/v1/sorting/lots/${long}`, 'lotId'],
      [`/v1/sorting/runs/${long}`, 'runId'],
      [`/v1/sorting/receipts/${long}`, 'receiptId'],
      [`/v1/sorting/centres/${long}/stock`, 'centreId'],
    ] as const) {
      const read = await service.get(path);
      expect(read.status).toBe(400);
      expect(read.body).toMatchObject({ field });
    }
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await service.get('/v1/sorting/batches/B-1');
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
  });
});
