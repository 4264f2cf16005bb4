import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  DestinationKind,
  DisposalMethod,
  LotDispatchedSchema,
  NodeReceivedAtCentreSchema,
  SortingRunCompletedSchema,
} from '@vezel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDispatchBody, aReceiptBody, aRunBody } from './sorting-requests.ts';
import {
  decodeAs,
  expectCloudEventHeaders,
  startSortingTestService,
  type SortingTestService,
} from './sorting-test-service.ts';

describe('sorting over HTTP, against real PostgreSQL and Kafka', () => {
  let service: SortingTestService;

  beforeAll(async () => {
    service = await startSortingTestService({ label: 'sorting_http' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  /** Runs `act` and asserts it changed no table at all. */
  async function expectNothingWritten(act: () => Promise<void>): Promise<void> {
    const before = await service.rowCounts();
    await act();
    expect(await service.rowCounts()).toEqual(before);
  }

  /** Receives 10 kg of batch `B-<name>` at `centreId`. */
  async function aReceivedBatch(name: string, centreId = 'SC-DEVENTER'): Promise<string> {
    const nodeId = `B-${name}`;
    const response = await service.post(
      '/v1/sorting/receipts',
      aReceiptBody({ receiptId: `R-${name}`, nodeId, centreId }),
    );
    expect(response.status).toBe(201);
    return nodeId;
  }

  /** Receives and sorts a batch at Deventer into lots `L-<name>-a` (6 kg crème) and `L-<name>-b` (3.5 kg wipers). */
  async function aSortedBatch(name: string): Promise<readonly [string, string]> {
    const lots = [`L-${name}-a`, `L-${name}-b`] as const;
    const run = await service.post('/v1/sorting/runs', aRunBody(`RUN-${name}`, await aReceivedBatch(name), lots));
    expect(run.status).toBe(201);
    return lots;
  }

  describe('receiving a node at a centre', () => {
    it('answers 201 with the receipt and publishes NodeReceivedAtCentre keyed by the node', async () => {
      const response = await service.post(
        '/v1/sorting/receipts',
        aReceiptBody({ receiptId: 'R-HAPPY', nodeId: 'B-HAPPY', deliveryId: 'S-7' }),
      );

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/sorting/receipts/R-HAPPY');
      const receipt = {
        receiptId: 'R-HAPPY',
        nodeId: 'B-HAPPY',
        centreId: 'SC-DEVENTER',
        grams: 10_000,
        receivedAt: '2026-03-02T08:00:00.000Z',
        deliveryId: 'S-7',
      };
      expect(response.body).toEqual(receipt);
      expect((await service.get('/v1/sorting/receipts/R-HAPPY')).body).toEqual(receipt);
      expect((await service.get('/v1/sorting/centres/SC-DEVENTER/stock')).body['stock']).toContainEqual({
        nodeId: 'B-HAPPY',
        grams: 10_000,
      });

      const [event] = await service.eventsOn('B-HAPPY', 1);
      expectCloudEventHeaders(event!, {
        type: 'vezel.sorting.v1.NodeReceivedAtCentre',
        subject: 'B-HAPPY',
        time: '2026-03-02T08:00:00.000Z',
      });
      const received = decodeAs(NodeReceivedAtCentreSchema, event!);
      expect(received).toMatchObject({
        receiptId: 'R-HAPPY',
        nodeId: 'B-HAPPY',
        centreId: 'SC-DEVENTER',
        grams: 10_000n,
        deliveryId: 'S-7',
      });
      expect(timestampDate(received.receivedAt!)).toEqual(new Date('2026-03-02T09:00:00+01:00'));
    });

    it('adds a second receipt of a node to what the centre holds', async () => {
      await service.post(
        '/v1/sorting/receipts',
        aReceiptBody({ receiptId: 'R-TWICE-1', nodeId: 'B-TWICE', centreId: 'SC-TWICE' }),
      );
      await service.post(
        '/v1/sorting/receipts',
        aReceiptBody({ receiptId: 'R-TWICE-2', nodeId: 'B-TWICE', centreId: 'SC-TWICE', grams: 2_500 }),
      );
      expect((await service.get('/v1/sorting/centres/SC-TWICE/stock')).body).toEqual({
        centreId: 'SC-TWICE',
        stock: [{ nodeId: 'B-TWICE', grams: 12_500 }],
      });
    });

    it('replays the same receipt with 200 and the original body; another body under its id is a 409', async () => {
      const first = await service.post(
        '/v1/sorting/receipts',
        aReceiptBody({ receiptId: 'R-REPLAY', nodeId: 'B-REPLAY' }),
      );
      await expectNothingWritten(async () => {
        const again = await service.post(
          '/v1/sorting/receipts',
          aReceiptBody({ receiptId: 'R-REPLAY', nodeId: 'B-REPLAY' }),
        );
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const conflicting = await service.post(
          '/v1/sorting/receipts',
          aReceiptBody({ receiptId: 'R-REPLAY', nodeId: 'B-REPLAY', grams: 9_999 }),
        );
        expect(conflicting.status).toBe(409);
        expect(conflicting.body).toMatchObject({ status: 409, field: 'receiptId', receiptId: 'R-REPLAY' });
      });
    });

    it('derives the id of a receipt sent without one, so a retry is a replay and the same delivery again is a 409', async () => {
      const body = {
        nodeId: 'B-NOID',
        centreId: 'SC-DEVENTER',
        grams: 4_000,
        receivedAt: '2026-03-02T10:00:00Z',
        deliveryId: 'S-NOID',
      };
      const first = await service.post('/v1/sorting/receipts', body);
      expect(first.status).toBe(201);
      expect(first.body['receiptId']).toMatch(/^rcpt-[0-9a-f]{32}$/);
      expect(first.location).toBe(`/v1/sorting/receipts/${String(first.body['receiptId'])}`);
      await expectNothingWritten(async () => {
        const retried = await service.post('/v1/sorting/receipts', body);
        expect(retried.status).toBe(200);
        expect(retried.body).toEqual(first.body);
        const again = await service.post('/v1/sorting/receipts', { ...body, grams: 3_900 });
        expect(again.status).toBe(409);
        expect(again.body).toMatchObject({ field: 'deliveryId', deliveryId: 'S-NOID' });
      });

      // Without a delivery the whole body identifies the receipt: other figures are another receipt.
      const loose = { nodeId: 'B-NOID', centreId: 'SC-DEVENTER', grams: 100, receivedAt: '2026-03-02T11:00:00Z' };
      const looseFirst = await service.post('/v1/sorting/receipts', loose);
      expect(looseFirst.status).toBe(201);
      expect((await service.post('/v1/sorting/receipts', loose)).status).toBe(200);
      const other = await service.post('/v1/sorting/receipts', { ...loose, grams: 101 });
      expect(other.status).toBe(201);
      expect(other.body['receiptId']).not.toBe(looseFirst.body['receiptId']);
    });

    it('answers 404 for an unknown receipt', async () => {
      const response = await service.get('/v1/sorting/receipts/R-NOWHERE');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ status: 404, field: 'receiptId' });
    });
  });

  describe('completing a sorting run', () => {
    it('answers 201 with the run, creates its lots and publishes SortingRunCompleted keyed by the run', async () => {
      const batch = await aReceivedBatch('RUN');
      const response = await service.post('/v1/sorting/runs', aRunBody('RUN-HAPPY', batch, ['L-HAPPY-a', 'L-HAPPY-b']));

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/sorting/runs/RUN-HAPPY');
      const run = {
        runId: 'RUN-HAPPY',
        centreId: 'SC-DEVENTER',
        inputs: [{ nodeId: 'B-RUN', grams: 10_000 }],
        outputs: [
          { lotId: 'L-HAPPY-a', fraction: 'reuse.creme', grams: 6_000 },
          { lotId: 'L-HAPPY-b', fraction: 'recycling.wipers', grams: 3_500 },
        ],
        lossGrams: 500,
        completedAt: '2026-03-02T14:00:00.000Z',
      };
      expect(response.body).toEqual(run);
      expect((await service.get('/v1/sorting/runs/RUN-HAPPY')).body).toEqual(run);
      expect((await service.get('/v1/sorting/lots/L-HAPPY-a')).body).toEqual({
        lotId: 'L-HAPPY-a',
        runId: 'RUN-HAPPY',
        centreId: 'SC-DEVENTER',
        fraction: 'reuse.creme',
        grams: 6_000,
        availableGrams: 6_000,
        dispatches: [],
      });
      const stock = (await service.get('/v1/sorting/centres/SC-DEVENTER/stock')).body['stock'] as { nodeId: string }[];
      expect(stock.map((line) => line.nodeId)).toEqual(expect.arrayContaining(['L-HAPPY-a', 'L-HAPPY-b']));
      expect(stock.map((line) => line.nodeId)).not.toContain('B-RUN');

      // Keyed by its first input, after that batch's receipt on the same partition.
      const events = await service.eventsOn('B-RUN', 2);
      expect(events.map((item) => item.headers['ce_type'])).toEqual([
        'vezel.sorting.v1.NodeReceivedAtCentre',
        'vezel.sorting.v1.SortingRunCompleted',
      ]);
      const event = events[1];
      expectCloudEventHeaders(event!, {
        type: 'vezel.sorting.v1.SortingRunCompleted',
        subject: 'B-RUN',
        time: '2026-03-02T14:00:00.000Z',
      });
      expect(decodeAs(SortingRunCompletedSchema, event!)).toMatchObject({
        runId: 'RUN-HAPPY',
        centreId: 'SC-DEVENTER',
        inputs: [{ nodeId: 'B-RUN', grams: 10_000n }],
        outputs: [
          { lotId: 'L-HAPPY-a', fraction: 'reuse.creme', grams: 6_000n },
          { lotId: 'L-HAPPY-b', fraction: 'recycling.wipers', grams: 3_500n },
        ],
        lossGrams: 500n,
      });
    });

    it.each([
      ['whose lots and loss do not add up to its inputs', 'UNBAL', { lossGrams: 499 }, 422, 'lossGrams'],
      [
        'whose lots weigh more than its inputs',
        'HEAVY',
        { outputs: [{ lotId: 'L-HEAVY', fraction: 'reuse.creme', grams: 10_001 }], lossGrams: 0 },
        422,
        'outputs',
      ],
      [
        'consuming more than the centre holds',
        'MORE',
        {
          inputs: [{ nodeId: 'B-MORE', grams: 10_001 }],
          outputs: [{ lotId: 'L-MORE', fraction: 'reuse.creme', grams: 10_001 }],
          lossGrams: 0,
        },
        422,
        'inputs[0].grams',
      ],
      [
        'consuming a node the centre never received',
        'UNKNOWN',
        { inputs: [{ nodeId: 'B-NEVER', grams: 10_000 }] },
        404,
        'inputs[0].nodeId',
      ],
      [
        'with an unknown fraction',
        'FRACTION',
        { outputs: [{ lotId: 'L-FRACTION', fraction: 'reuse.crème', grams: 9_500 }] },
        400,
        'outputs[0].fraction',
      ],
      [
        'listing a node twice',
        'TWICE',
        {
          inputs: [
            { nodeId: 'B-TWICE-IN', grams: 5_000 },
            { nodeId: 'B-TWICE-IN', grams: 5_000 },
          ],
        },
        400,
        'inputs[1].nodeId',
      ],
      ['without lots', 'NOLOTS', { outputs: [], lossGrams: 10_000 }, 400, 'outputs'],
    ])('rejects a run %s, writing nothing', async (_name, name, overrides, status, field) => {
      const batch = await aReceivedBatch(name);
      await expectNothingWritten(async () => {
        const response = await service.post(
          '/v1/sorting/runs',
          aRunBody(`RUN-${name}`, batch, [`L-${name}-a`, `L-${name}-b`], overrides),
        );
        expect(response.status).toBe(status);
        expect(response.contentType).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status, field });
      });
      expect((await service.get(`/v1/sorting/runs/RUN-${name}`)).status).toBe(404);
    });

    it('rejects a lot id the centre already knows with 409, writing nothing', async () => {
      const [lotA] = await aSortedBatch('DUP');
      const batch = await aReceivedBatch('DUP-2');
      await expectNothingWritten(async () => {
        const response = await service.post('/v1/sorting/runs', aRunBody('RUN-DUP-2', batch, ['L-DUP-2-a', lotA]));
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ field: 'outputs[1].lotId', lotId: lotA });
      });
    });

    it('rejects a lot id another centre created, or a node another centre received, with 409', async () => {
      const [lotA] = await aSortedBatch('ELSEWHERE');
      const batch = await aReceivedBatch('SNEEK', 'SC-SNEEK');
      await expectNothingWritten(async () => {
        const sameLot = await service.post(
          '/v1/sorting/runs',
          aRunBody('RUN-SNEEK', batch, [lotA, 'L-SNEEK-b'], { centreId: 'SC-SNEEK' }),
        );
        expect(sameLot.status).toBe(409);
        expect(sameLot.body).toMatchObject({ field: 'outputs[0].lotId', lotId: lotA });
        // B-ELSEWHERE is a batch Deventer received: its id names a node already, so no lot can take it.
        const batchId = await service.post(
          '/v1/sorting/runs',
          aRunBody('RUN-SNEEK', batch, ['L-SNEEK-a', 'B-ELSEWHERE'], { centreId: 'SC-SNEEK' }),
        );
        expect(batchId.status).toBe(409);
        expect(batchId.body).toMatchObject({ field: 'outputs[1].lotId' });
      });
    });

    it('lets exactly one of two centres creating the same new lot id at once succeed', async () => {
      for (let round = 0; round < 3; round++) {
        const [deventer, sneek] = await Promise.all([
          aReceivedBatch(`RACE-LOT-${round}-D`),
          aReceivedBatch(`RACE-LOT-${round}-S`, 'SC-SNEEK'),
        ]);
        const lots = [`L-RACE-${round}`, `L-RACE-${round}-other`] as const;
        const responses = await Promise.all([
          service.post('/v1/sorting/runs', aRunBody(`RUN-RACE-${round}-D`, deventer, [lots[0], `${lots[1]}-D`])),
          service.post(
            '/v1/sorting/runs',
            aRunBody(`RUN-RACE-${round}-S`, sneek, [lots[0], `${lots[1]}-S`], { centreId: 'SC-SNEEK' }),
          ),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
        expect(responses.find((response) => response.status === 409)?.body).toMatchObject({
          field: 'outputs[0].lotId',
        });
      }
    });

    it('replays a run with 200; its id with another body is a 409', async () => {
      const batch = await aReceivedBatch('RREPLAY');
      const body = aRunBody('RUN-RREPLAY', batch, ['L-RREPLAY-a', 'L-RREPLAY-b']);
      const first = await service.post('/v1/sorting/runs', body);
      await expectNothingWritten(async () => {
        const again = await service.post('/v1/sorting/runs', body);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post('/v1/sorting/runs', {
          ...body,
          lossGrams: 400,
          outputs: [{ lotId: 'L-RREPLAY-a', fraction: 'reuse.creme', grams: 9_600 }],
        });
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'runId', runId: 'RUN-RREPLAY' });
      });
    });
  });

  describe('dispatching a lot', () => {
    it('answers 201 with the dispatch, publishes LotDispatched keyed by the lot, and lowers what the centre holds', async () => {
      const [lot] = await aSortedBatch('SHIP');
      const response = await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody('D-SHIP', 2_000));

      expect(response.status).toBe(201);
      expect(response.location).toBe(`/v1/sorting/lots/${lot}`);
      const dispatch = {
        dispatchId: 'D-SHIP',
        lotId: lot,
        centreId: 'SC-DEVENTER',
        grams: 2_000,
        destination: { kind: 'store', id: 'ST-DEVENTER-1' },
        transportKm: 4.2,
        dispatchedAt: '2026-03-03T07:00:00.000Z',
      };
      expect(response.body).toEqual(dispatch);
      expect((await service.get(`/v1/sorting/lots/${lot}`)).body).toMatchObject({
        grams: 6_000,
        availableGrams: 4_000,
        dispatches: [dispatch],
      });

      const [event] = await service.eventsOn(lot, 1);
      expectCloudEventHeaders(event!, {
        type: 'vezel.sorting.v1.LotDispatched',
        subject: lot,
        time: '2026-03-03T07:00:00.000Z',
      });
      expect(decodeAs(LotDispatchedSchema, event!)).toMatchObject({
        dispatchId: 'D-SHIP',
        lotId: lot,
        centreId: 'SC-DEVENTER',
        grams: 2_000n,
        destination: { kind: DestinationKind.STORE, id: 'ST-DEVENTER-1', method: DisposalMethod.UNSPECIFIED },
        transportKm: 4.2,
      });
    });

    it('sends grams to an exporter with its country and to disposal with its method', async () => {
      const [creme, wipers] = await aSortedBatch('TERMINAL');
      const exported = await service.post(
        `/v1/sorting/lots/${creme}/dispatches`,
        aDispatchBody('D-EXPORT', 6_000, { destination: { kind: 'exporter', id: 'EX-1', country: 'PL' } }),
      );
      expect(exported.status).toBe(201);
      expect(exported.body['destination']).toEqual({ kind: 'exporter', id: 'EX-1', country: 'PL' });
      const disposed = await service.post(
        `/v1/sorting/lots/${wipers}/dispatches`,
        aDispatchBody('D-DISPOSE', 500, {
          destination: { kind: 'disposal', id: 'AVR-1', method: 'energy-recovery' },
          transportKm: null,
        }),
      );
      expect(disposed.status).toBe(201);
      expect(disposed.body).not.toHaveProperty('transportKm');
      expect((await service.get(`/v1/sorting/lots/${wipers}`)).body['dispatches']).toEqual([disposed.body]);
      const [event] = await service.eventsOn(wipers, 1);
      expect(decodeAs(LotDispatchedSchema, event!).destination).toMatchObject({
        kind: DestinationKind.DISPOSAL,
        method: DisposalMethod.ENERGY_RECOVERY,
      });
      expect((await service.get(`/v1/sorting/lots/${creme}`)).body['availableGrams']).toBe(0);
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['more than the centre holds of the lot', { grams: 6_001 }, 422, 'grams'],
      [
        'to an exporter without a country',
        { destination: { kind: 'exporter', id: 'EX-1' } },
        400,
        'destination.country',
      ],
      ['to disposal without a method', { destination: { kind: 'disposal', id: 'AVR-1' } }, 400, 'destination.method'],
      ['to an unknown kind of destination', { destination: { kind: 'landfill', id: 'X' } }, 400, 'destination.kind'],
      [
        'to a store with a disposal method',
        { destination: { kind: 'store', id: 'ST-1', method: 'landfill' } },
        400,
        'destination.method',
      ],
      [
        'to a country that is not ISO 3166',
        { destination: { kind: 'exporter', id: 'EX-1', country: 'nl' } },
        400,
        'destination.country',
      ],
      ['to the centre it leaves from', { destination: { kind: 'centre', id: 'SC-DEVENTER' } }, 400, 'destination.id'],
    ])('rejects a dispatch %s, writing nothing', async (name, overrides, status, field) => {
      const [lot] = await aSortedBatch(`BAD-${name.replaceAll(' ', '-')}`);
      await expectNothingWritten(async () => {
        const response = await service.post(
          `/v1/sorting/lots/${lot}/dispatches`,
          aDispatchBody(`D-BAD-${field}`, 100, overrides),
        );
        expect(response.status).toBe(status);
        expect(response.contentType).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status, field });
      });
    });

    it('rejects a dispatch of a lot no run created with 404, writing nothing', async () => {
      await aReceivedBatch('NOTALOT');
      await expectNothingWritten(async () => {
        for (const lotId of ['L-NOWHERE', 'B-NOTALOT']) {
          const response = await service.post(`/v1/sorting/lots/${lotId}/dispatches`, aDispatchBody('D-NOWHERE', 1));
          expect(response.status).toBe(404);
          expect(response.body).toMatchObject({ field: 'lotId', lotId });
        }
      });
      expect((await service.get('/v1/sorting/lots/L-NOWHERE')).status).toBe(404);
    });

    it('replays a dispatch with 200; its id with another body is a 409', async () => {
      const [lot] = await aSortedBatch('DREPLAY');
      const first = await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody('D-R', 100));
      await expectNothingWritten(async () => {
        const again = await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody('D-R', 100));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody('D-R', 101));
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'dispatchId', dispatchId: 'D-R' });
      });
    });

    it('lets exactly one of two dispatches racing for the last grams win', async () => {
      for (let round = 0; round < 5; round++) {
        const [lot] = await aSortedBatch(`RACE-${round}`);
        await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody(`D-RACE-${round}-0`, 5_500));
        const responses = await Promise.all([
          service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody(`D-RACE-${round}-a`, 500)),
          service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody(`D-RACE-${round}-b`, 500)),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
        const read = await service.get(`/v1/sorting/lots/${lot}`);
        expect(read.body).toMatchObject({ availableGrams: 0 });
        expect(read.body['dispatches']).toHaveLength(2);
      }
      const { rows } = await service.db.query<{ n: bigint }>(
        `select count(*) as n from outbox where key like 'L-RACE-%' and headers->>'ce_type' = 'vezel.sorting.v1.LotDispatched'`,
      );
      expect(rows[0]?.n).toBe(10n);
    });

    it('never dispatches more than a lot holds when many dispatches queue behind one centre', async () => {
      // The lot holds 6,000 g: after a 5,900 g dispatch, 16 dispatches of 10 g race for the last 100 g.
      const [lot] = await aSortedBatch('PILE');
      await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody('D-PILE-0', 5_900));
      const responses = await Promise.all(
        Array.from({ length: 16 }, (_, index) =>
          service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody(`D-PILE-${index + 1}`, 10)),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(10);
      expect(statuses.filter((status) => status === 422)).toHaveLength(6);
      expect((await service.get(`/v1/sorting/lots/${lot}`)).body).toMatchObject({ availableGrams: 0 });
    });

    it('counts a lot a store returned to its centre as available again', async () => {
      const [lot] = await aSortedBatch('BACK');
      await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody('D-BACK', 6_000));
      const returned = await service.post(
        '/v1/sorting/receipts',
        aReceiptBody({ receiptId: 'R-BACK-RETURNED', nodeId: lot, grams: 1_500, deliveryId: 'RET-1' }),
      );
      expect(returned.status).toBe(201);
      expect((await service.get(`/v1/sorting/lots/${lot}`)).body).toMatchObject({
        grams: 6_000,
        availableGrams: 1_500,
      });
      expect((await service.post(`/v1/sorting/lots/${lot}/dispatches`, aDispatchBody('D-BACK-2', 1_500))).status).toBe(
        201,
      );
    });
  });

  it('answers an unknown run and lot with 404, and an unknown centre with an empty stock', async () => {
    expect((await service.get('/v1/sorting/runs/RUN-NOWHERE')).body).toMatchObject({ status: 404, field: 'runId' });
    expect((await service.get('/v1/sorting/lots/L-NOWHERE')).body).toMatchObject({ status: 404, field: 'lotId' });
    const stock = await service.get('/v1/sorting/centres/SC-NOWHERE/stock');
    expect(stock.status).toBe(200);
    expect(stock.body).toEqual({ centreId: 'SC-NOWHERE', stock: [] });
  });

  it('serves its OpenAPI 3.1 document', async () => {
    const response = await service.get('/v1/sorting/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ openapi: '3.1.0' });
    expect(Object.keys(response.body['paths'] as object)).toEqual([
      '/v1/sorting/receipts',
      '/v1/sorting/receipts/{receiptId}',
      '/v1/sorting/runs',
      '/v1/sorting/runs/{runId}',
      '/v1/sorting/lots/{lotId}',
      '/v1/sorting/lots/{lotId}/dispatches',
      '/v1/sorting/centres/{centreId}/stock',
    ]);
  });

  it('is ready when its database answers', async () => {
    expect((await service.get('/readyz')).status).toBe(200);
  });
});
