import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  DisposalMethod,
  LotReceivedByProcessorSchema,
  NodeDisposedSchema,
  ProcessingRunCompletedSchema,
} from '@vezel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDisposalBody, aReceiptBody, aRunBody } from './recycling-http-fixtures.ts';
import {
  decodeAs,
  expectCloudEventHeaders,
  startRecyclingTestService,
  type RecyclingTestService,
} from './recycling-test-service.ts';

describe('recycling over HTTP, against real PostgreSQL and Kafka', () => {
  let service: RecyclingTestService;

  beforeAll(async () => {
    service = await startRecyclingTestService({ label: 'recycling_http' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  /** Processor `processorId` receives `grams` of `lotId` (a receipt with its own id). */
  async function aReceivedLot(lotId: string, grams = 1_000, processorId = 'P-1'): Promise<void> {
    const response = await service.post(
      '/v1/recycling/receipts',
      aReceiptBody({ receiptId: `R-${processorId}-${lotId}`, lotId, processorId, grams }),
    );
    expect(response.status).toBe(201);
  }

  /** Runs `act` and asserts it changed no table at all. */
  async function expectNothingWritten(act: () => Promise<void>): Promise<void> {
    const before = await service.rowCounts();
    await act();
    expect(await service.rowCounts()).toEqual(before);
  }

  async function heldGrams(processorId: string): Promise<unknown> {
    return (await service.get(`/v1/recycling/processors/${processorId}/stock`)).body['stock'];
  }

  describe('receiving a lot', () => {
    it('answers 201 with the receipt and publishes LotReceivedByProcessor keyed by the lot', async () => {
      const body = aReceiptBody({ receiptId: 'R-HAPPY', lotId: 'L-HAPPY', processorId: 'P-HAPPY', deliveryId: 'D-77' });
      const response = await service.post('/v1/recycling/receipts', body);

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/recycling/receipts/R-HAPPY');
      expect(response.body).toEqual({
        receiptId: 'R-HAPPY',
        lotId: 'L-HAPPY',
        processorId: 'P-HAPPY',
        grams: 1_000,
        receivedAt: '2026-03-10T07:00:00.000Z',
        deliveryId: 'D-77',
      });
      expect((await service.get('/v1/recycling/receipts/R-HAPPY')).body).toEqual(response.body);
      expect(await service.get('/v1/recycling/processors/P-HAPPY/stock')).toMatchObject({
        status: 200,
        body: { processorId: 'P-HAPPY', stock: [{ nodeId: 'L-HAPPY', grams: 1_000 }] },
      });

      const [event] = await service.eventsOn('L-HAPPY', 1);
      expectCloudEventHeaders(event!, {
        type: 'vezel.recycling.v1.LotReceivedByProcessor',
        subject: 'L-HAPPY',
        time: '2026-03-10T07:00:00.000Z',
      });
      const received = decodeAs(LotReceivedByProcessorSchema, event!);
      expect(received).toMatchObject({
        receiptId: 'R-HAPPY',
        lotId: 'L-HAPPY',
        processorId: 'P-HAPPY',
        grams: 1_000n,
        deliveryId: 'D-77',
      });
      expect(timestampDate(received.receivedAt!)).toEqual(new Date('2026-03-10T08:00:00+01:00'));
    });

    it('adds a second receipt of the same lot to what the processor holds', async () => {
      await aReceivedLot('L-TWICE', 300, 'P-TWICE');
      await service.post(
        '/v1/recycling/receipts',
        aReceiptBody({ receiptId: 'R-TWICE-2', lotId: 'L-TWICE', processorId: 'P-TWICE', grams: 200 }),
      );
      expect(await heldGrams('P-TWICE')).toEqual([{ nodeId: 'L-TWICE', grams: 500 }]);
    });

    it('replays a receipt with its receiptId with 200; the id with another body is a 409', async () => {
      const first = await service.post(
        '/v1/recycling/receipts',
        aReceiptBody({ receiptId: 'R-REPLAY', lotId: 'L-REPLAY' }),
      );
      expect(first.status).toBe(201);
      await expectNothingWritten(async () => {
        const again = await service.post(
          '/v1/recycling/receipts',
          aReceiptBody({ receiptId: 'R-REPLAY', lotId: 'L-REPLAY' }),
        );
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(
          '/v1/recycling/receipts',
          aReceiptBody({ receiptId: 'R-REPLAY', lotId: 'L-REPLAY', grams: 999 }),
        );
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ status: 409, field: 'receiptId', receiptId: 'R-REPLAY' });
      });
    });

    it('derives the id of a receipt without one from its delivery: the same delivery again is a replay, changed a 409', async () => {
      const body = aReceiptBody({ lotId: 'L-DELIVERY', processorId: 'P-DELIVERY', deliveryId: 'DISPATCH-9' });
      const first = await service.post('/v1/recycling/receipts', body);
      expect(first.status).toBe(201);
      const receiptId = first.body['receiptId'] as string;
      expect(receiptId).toMatch(/^rcpt-[0-9a-f]{32}$/);
      expect(first.location).toBe(`/v1/recycling/receipts/${receiptId}`);

      await expectNothingWritten(async () => {
        const again = await service.post('/v1/recycling/receipts', body);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const changed = await service.post('/v1/recycling/receipts', { ...body, grams: 990 });
        expect(changed.status).toBe(409);
        expect(changed.body).toMatchObject({ field: 'deliveryId', deliveryId: 'DISPATCH-9', receiptId });
      });
      expect(await heldGrams('P-DELIVERY')).toEqual([{ nodeId: 'L-DELIVERY', grams: 1_000 }]);
    });

    it('derives the id of a receipt without id or delivery from its content: a resend is a replay', async () => {
      const body = aReceiptBody({ lotId: 'L-CONTENT', processorId: 'P-CONTENT' });
      const first = await service.post('/v1/recycling/receipts', body);
      const again = await service.post('/v1/recycling/receipts', body);
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
      // Another weighing of the same lot is another receipt.
      const later = await service.post('/v1/recycling/receipts', {
        ...body,
        grams: 50,
        receivedAt: '2026-03-10T09:00:00+01:00',
      });
      expect(later.status).toBe(201);
      expect(later.body['receiptId']).not.toBe(first.body['receiptId']);
      expect(await heldGrams('P-CONTENT')).toEqual([{ nodeId: 'L-CONTENT', grams: 1_050 }]);
    });
  });

  describe('completing a processing run', () => {
    it('answers 201 with the run, consumes held grams, records products, and publishes the run keyed by its first input', async () => {
      await aReceivedLot('L-RUN-A', 1_000, 'P-RUN');
      await aReceivedLot('L-RUN-B', 500, 'P-RUN');
      const body = {
        runId: 'RUN-HAPPY',
        processorId: 'P-RUN',
        inputs: [
          { nodeId: 'L-RUN-A', grams: 1_000 },
          { nodeId: 'L-RUN-B', grams: 400 },
        ],
        outputs: [
          { productId: 'FIBRE-1', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 1_000 },
          { productId: 'BAG-1', outcome: 'upcycling', productKind: 'bag', grams: 300 },
        ],
        lossGrams: 100,
        completedAt: '2026-03-11T17:00:00+01:00',
      };
      const response = await service.post('/v1/recycling/runs', body);

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/recycling/runs/RUN-HAPPY');
      expect(response.body).toEqual({ ...body, completedAt: '2026-03-11T16:00:00.000Z' });
      expect((await service.get('/v1/recycling/runs/RUN-HAPPY')).body).toEqual(response.body);
      expect((await service.get('/v1/recycling/products/BAG-1')).body).toEqual({
        productId: 'BAG-1',
        outcome: 'upcycling',
        productKind: 'bag',
        grams: 300,
        runId: 'RUN-HAPPY',
        processorId: 'P-RUN',
        completedAt: '2026-03-11T16:00:00.000Z',
      });
      // L-RUN-A is used up (and no longer listed); the products are terminal, held by nobody.
      expect(await heldGrams('P-RUN')).toEqual([{ nodeId: 'L-RUN-B', grams: 100 }]);

      const events = await service.eventsOn('L-RUN-A', 2);
      expect(events.map((event) => event.headers['ce_type'])).toEqual([
        'vezel.recycling.v1.LotReceivedByProcessor',
        'vezel.recycling.v1.ProcessingRunCompleted',
      ]);
      expectCloudEventHeaders(events[1]!, {
        type: 'vezel.recycling.v1.ProcessingRunCompleted',
        subject: 'L-RUN-A',
        time: '2026-03-11T16:00:00.000Z',
      });
      expect(decodeAs(ProcessingRunCompletedSchema, events[1]!)).toMatchObject({
        runId: 'RUN-HAPPY',
        processorId: 'P-RUN',
        inputs: [
          { nodeId: 'L-RUN-A', grams: 1_000n },
          { nodeId: 'L-RUN-B', grams: 400n },
        ],
        outputs: [
          { productId: 'FIBRE-1', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 1_000n },
          { productId: 'BAG-1', outcome: 'upcycling', productKind: 'bag', grams: 300n },
        ],
        lossGrams: 100n,
      });
    });

    it('rejects a run whose products and loss do not add up to its inputs with 422, writing nothing', async () => {
      await aReceivedLot('L-UNBALANCED');
      await expectNothingWritten(async () => {
        const response = await service.post(
          '/v1/recycling/runs',
          aRunBody('RUN-UNBALANCED', 'L-UNBALANCED', { lossGrams: 99 }),
        );
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({
          status: 422,
          title: 'Mass not conserved',
          field: 'lossGrams',
          inputGrams: 1_000,
          outputGrams: 900,
          expectedLossGrams: 100,
        });
      });
    });

    it('rejects a run whose products alone outweigh its inputs with 422 naming the outputs', async () => {
      await aReceivedLot('L-HEAVY');
      await expectNothingWritten(async () => {
        const outputs = [
          { productId: 'PROD-HEAVY', outcome: 'recycling.open-loop', productKind: 'insulation', grams: 1_001 },
        ];
        const response = await service.post(
          '/v1/recycling/runs',
          aRunBody('RUN-HEAVY', 'L-HEAVY', { outputs, lossGrams: 0 }),
        );
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ field: 'outputs' });
      });
    });

    it('rejects consuming more than the processor holds with 422, writing nothing', async () => {
      await aReceivedLot('L-SHORT', 999);
      await expectNothingWritten(async () => {
        const response = await service.post('/v1/recycling/runs', aRunBody('RUN-SHORT', 'L-SHORT'));
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({
          field: 'inputs[0].grams',
          heldGrams: 999,
          requestedGrams: 1_000,
          nodeId: 'L-SHORT',
        });
      });
    });

    it('rejects consuming a node the processor never received with 404, writing nothing', async () => {
      await aReceivedLot('L-ELSEWHERE', 1_000, 'P-2');
      await expectNothingWritten(async () => {
        const response = await service.post('/v1/recycling/runs', aRunBody('RUN-UNKNOWN', 'L-ELSEWHERE'));
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ field: 'inputs[0].nodeId', nodeId: 'L-ELSEWHERE', processorId: 'P-1' });
      });
    });

    it('rejects an unknown outcome with 400 naming the output', async () => {
      await aReceivedLot('L-OUTCOME');
      await expectNothingWritten(async () => {
        const outputs = [{ productId: 'PROD-OUTCOME', outcome: 'reuse.sold', productKind: 'fibre', grams: 900 }];
        const response = await service.post('/v1/recycling/runs', aRunBody('RUN-OUTCOME', 'L-OUTCOME', { outputs }));
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ field: 'outputs[0].outcome' });
      });
    });

    it('rejects a product id that names an earlier product, of this processor or another, with 409', async () => {
      await aReceivedLot('L-DUP-1');
      await aReceivedLot('L-DUP-2');
      await aReceivedLot('L-DUP-3', 1_000, 'P-OTHER');
      expect((await service.post('/v1/recycling/runs', aRunBody('RUN-DUP-1', 'L-DUP-1'))).status).toBe(201);

      await expectNothingWritten(async () => {
        const sameProcessor = await service.post(
          '/v1/recycling/runs',
          aRunBody('RUN-DUP-2', 'L-DUP-2', {
            outputs: [
              { productId: 'PROD-DUP-2', outcome: 'upcycling', productKind: 'bag', grams: 400 },
              { productId: 'PROD-RUN-DUP-1', outcome: 'upcycling', productKind: 'bag', grams: 500 },
            ],
          }),
        );
        expect(sameProcessor.status).toBe(409);
        expect(sameProcessor.body).toMatchObject({ field: 'outputs[1].productId', productId: 'PROD-RUN-DUP-1' });

        const otherProcessor = await service.post(
          '/v1/recycling/runs',
          aRunBody('RUN-DUP-3', 'L-DUP-3', {
            processorId: 'P-OTHER',
            outputs: [
              { productId: 'PROD-RUN-DUP-1', outcome: 'recycling.open-loop', productKind: 'wipers', grams: 900 },
            ],
          }),
        );
        expect(otherProcessor.status).toBe(409);
        expect(otherProcessor.body).toMatchObject({ field: 'outputs[0].productId' });
      });
    });

    it('rejects a product id that names a lot, received here or by another processor, with 409', async () => {
      await aReceivedLot('L-NAME-1');
      await aReceivedLot('L-NAME-2', 1_000, 'P-NAMES');
      await expectNothingWritten(async () => {
        for (const taken of ['L-NAME-1', 'L-NAME-2']) {
          const response = await service.post(
            '/v1/recycling/runs',
            aRunBody(`RUN-NAME-${taken}`, 'L-NAME-1', {
              outputs: [{ productId: taken, outcome: 'upcycling', productKind: 'bag', grams: 900 }],
            }),
          );
          expect(response.status).toBe(409);
          expect(response.body).toMatchObject({ field: 'outputs[0].productId', productId: taken });
        }
      });
    });

    it('replays a run with 200; its id with another body is a 409', async () => {
      await aReceivedLot('L-RREPLAY');
      const first = await service.post('/v1/recycling/runs', aRunBody('RUN-REPLAY', 'L-RREPLAY'));
      expect(first.status).toBe(201);
      await expectNothingWritten(async () => {
        const again = await service.post('/v1/recycling/runs', aRunBody('RUN-REPLAY', 'L-RREPLAY'));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(
          '/v1/recycling/runs',
          aRunBody('RUN-REPLAY', 'L-RREPLAY', { lossGrams: 50, inputs: [{ nodeId: 'L-RREPLAY', grams: 950 }] }),
        );
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'runId', runId: 'RUN-REPLAY' });
      });
    });

    it('lets exactly one of two runs racing for the last grams of a node win', async () => {
      for (let round = 0; round < 4; round++) {
        const lotId = `L-RUN-RACE-${round}`;
        await aReceivedLot(lotId);
        const responses = await Promise.all([
          service.post('/v1/recycling/runs', aRunBody(`RUN-RACE-${round}-a`, lotId)),
          service.post('/v1/recycling/runs', aRunBody(`RUN-RACE-${round}-b`, lotId)),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
      }
      const { rows } = await service.db.query<{ n: bigint }>(
        `select count(*) as n from runs where run_id like 'RUN-RACE-%'`,
      );
      expect(rows[0]?.n).toBe(4n);
    });

    it('never takes more grams than a processor holds when many commands queue behind one processor', async () => {
      // 16 disposals of 10 g race for 100 g: the retried ones must decide against the lines the winners committed.
      for (let round = 0; round < 3; round++) {
        const lotId = `L-PILE-${round}`;
        await aReceivedLot(lotId, 100, 'P-PILE');
        const responses = await Promise.all(
          Array.from({ length: 16 }, (_, index) =>
            service.post(
              '/v1/recycling/disposals',
              aDisposalBody(`DISP-PILE-${round}-${index}`, lotId, { processorId: 'P-PILE', grams: 10 }),
            ),
          ),
        );
        const statuses = responses.map((response) => response.status);
        expect(statuses.filter((status) => status === 201)).toHaveLength(10);
        expect(statuses.filter((status) => status === 422)).toHaveLength(6);
        const { rows } = await service.db.query<{ held_grams: bigint }>(
          `select held_grams from stock_lines where processor_id = 'P-PILE' and node_id = $1`,
          [lotId],
        );
        expect(rows[0]?.held_grams).toBe(0n);
      }
    });

    it('lets exactly one of two runs at different processors creating the same product id win', async () => {
      for (let round = 0; round < 4; round++) {
        await aReceivedLot(`L-PRACE-${round}-a`, 1_000, 'P-RACE-A');
        await aReceivedLot(`L-PRACE-${round}-b`, 1_000, 'P-RACE-B');
        const product = [{ productId: `PROD-RACE-${round}`, outcome: 'upcycling', productKind: 'bag', grams: 900 }];
        const responses = await Promise.all([
          service.post(
            '/v1/recycling/runs',
            aRunBody(`RUN-PRACE-${round}-a`, `L-PRACE-${round}-a`, { processorId: 'P-RACE-A', outputs: product }),
          ),
          service.post(
            '/v1/recycling/runs',
            aRunBody(`RUN-PRACE-${round}-b`, `L-PRACE-${round}-b`, { processorId: 'P-RACE-B', outputs: product }),
          ),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
      }
    });
  });

  describe('disposing of a node', () => {
    it('answers 201 with the disposal, takes the grams, and publishes NodeDisposed keyed by the node after its receipt', async () => {
      await aReceivedLot('L-DISPOSE', 1_000, 'P-DISPOSE');
      const response = await service.post(
        '/v1/recycling/disposals',
        aDisposalBody('DISP-HAPPY', 'L-DISPOSE', { processorId: 'P-DISPOSE', grams: 250, method: 'landfill' }),
      );

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/recycling/disposals/DISP-HAPPY');
      expect(response.body).toEqual({
        disposalId: 'DISP-HAPPY',
        processorId: 'P-DISPOSE',
        nodeId: 'L-DISPOSE',
        grams: 250,
        method: 'landfill',
        disposedAt: '2026-03-12T08:00:00.000Z',
      });
      expect((await service.get('/v1/recycling/disposals/DISP-HAPPY')).body).toEqual(response.body);
      expect(await heldGrams('P-DISPOSE')).toEqual([{ nodeId: 'L-DISPOSE', grams: 750 }]);

      const events = await service.eventsOn('L-DISPOSE', 2);
      expect(events.map((event) => event.headers['ce_type'])).toEqual([
        'vezel.recycling.v1.LotReceivedByProcessor',
        'vezel.recycling.v1.NodeDisposed',
      ]);
      expectCloudEventHeaders(events[1]!, {
        type: 'vezel.recycling.v1.NodeDisposed',
        subject: 'L-DISPOSE',
        time: '2026-03-12T08:00:00.000Z',
      });
      expect(decodeAs(NodeDisposedSchema, events[1]!)).toMatchObject({
        disposalId: 'DISP-HAPPY',
        processorId: 'P-DISPOSE',
        nodeId: 'L-DISPOSE',
        grams: 250n,
        method: DisposalMethod.LANDFILL,
      });
    });

    it('rejects disposing of more than the processor holds with 422, writing nothing', async () => {
      await aReceivedLot('L-DOVER', 100);
      await expectNothingWritten(async () => {
        const response = await service.post(
          '/v1/recycling/disposals',
          aDisposalBody('DISP-OVER', 'L-DOVER', { grams: 101 }),
        );
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ field: 'grams', heldGrams: 100, requestedGrams: 101 });
      });
    });

    it('rejects disposing of a node the processor never received with 404, writing nothing', async () => {
      await expectNothingWritten(async () => {
        const response = await service.post('/v1/recycling/disposals', aDisposalBody('DISP-NONE', 'L-NEVER'));
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ field: 'nodeId' });
      });
    });

    it('rejects an unknown disposal method with 400, writing nothing', async () => {
      await aReceivedLot('L-METHOD');
      await expectNothingWritten(async () => {
        const response = await service.post(
          '/v1/recycling/disposals',
          aDisposalBody('DISP-METHOD', 'L-METHOD', { method: 'composting' }),
        );
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ field: 'method' });
      });
    });

    it('replays a disposal with 200; its id with another body is a 409', async () => {
      await aReceivedLot('L-DREPLAY');
      const first = await service.post(
        '/v1/recycling/disposals',
        aDisposalBody('DISP-REPLAY', 'L-DREPLAY', { grams: 10 }),
      );
      await expectNothingWritten(async () => {
        const again = await service.post(
          '/v1/recycling/disposals',
          aDisposalBody('DISP-REPLAY', 'L-DREPLAY', { grams: 10 }),
        );
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(
          '/v1/recycling/disposals',
          aDisposalBody('DISP-REPLAY', 'L-DREPLAY', { grams: 11 }),
        );
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'disposalId' });
      });
      expect(await service.get('/v1/recycling/disposals/DISP-REPLAY')).toMatchObject({ body: { grams: 10 } });
    });

    it('lets exactly one of two disposals racing for the last grams win', async () => {
      for (let round = 0; round < 5; round++) {
        const lotId = `L-DRACE-${round}`;
        await aReceivedLot(lotId, 500);
        const responses = await Promise.all([
          service.post('/v1/recycling/disposals', aDisposalBody(`DISP-RACE-${round}-a`, lotId, { grams: 500 })),
          service.post('/v1/recycling/disposals', aDisposalBody(`DISP-RACE-${round}-b`, lotId, { grams: 500 })),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
      }
      const { rows } = await service.db.query<{ n: bigint }>(
        `select count(*) as n from outbox where key like 'L-DRACE-%' and headers->>'ce_type' = 'vezel.recycling.v1.NodeDisposed'`,
      );
      expect(rows[0]?.n).toBe(5n);
      const held = await service.db.query<{ grams: bigint }>(
        `select sum(held_grams)::bigint as grams from stock_lines where node_id like 'L-DRACE-%'`,
      );
      expect(held.rows[0]?.grams).toBe(0n);
    });

    it('lets exactly one of a run and a disposal racing for the last grams win', async () => {
      await aReceivedLot('L-MIXED');
      const responses = await Promise.all([
        service.post('/v1/recycling/runs', aRunBody('RUN-MIXED', 'L-MIXED')),
        service.post('/v1/recycling/disposals', aDisposalBody('DISP-MIXED', 'L-MIXED')),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
    });
  });

  it('keeps one node in order on the topic: received, consumed by a run, the rest disposed of', async () => {
    await aReceivedLot('L-ORDER', 2_000);
    await service.post('/v1/recycling/runs', aRunBody('RUN-ORDER', 'L-ORDER'));
    await service.post('/v1/recycling/disposals', aDisposalBody('DISP-ORDER', 'L-ORDER'));
    const events = await service.eventsOn('L-ORDER', 3);
    expect(events.map((event) => event.headers['ce_type'])).toEqual([
      'vezel.recycling.v1.LotReceivedByProcessor',
      'vezel.recycling.v1.ProcessingRunCompleted',
      'vezel.recycling.v1.NodeDisposed',
    ]);
  });

  it('answers 404 naming the id for receipts, runs, products and disposals it has not recorded', async () => {
    for (const [path, field] of [
      ['receipts/R-NONE', 'receiptId'],
      ['runs/RUN-NONE', 'runId'],
      ['products/PROD-NONE', 'productId'],
      ['disposals/DISP-NONE', 'disposalId'],
    ] as const) {
      const response = await service.get(`/v1/recycling/${path}`);
      expect(response.status).toBe(404);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, field });
    }
  });

  it('answers the stock of a processor that has received nothing as empty', async () => {
    const response = await service.get('/v1/recycling/processors/P-NOBODY/stock');
    expect(response).toMatchObject({ status: 200, body: { processorId: 'P-NOBODY', stock: [] } });
  });

  it('serves its OpenAPI 3.1 document', async () => {
    const response = await service.get('/v1/recycling/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ openapi: '3.1.0' });
    expect(Object.keys(response.body['paths'] as object)).toEqual([
      '/v1/recycling/receipts',
      '/v1/recycling/receipts/{receiptId}',
      '/v1/recycling/runs',
      '/v1/recycling/runs/{runId}',
      '/v1/recycling/products/{productId}',
      '/v1/recycling/disposals',
      '/v1/recycling/disposals/{disposalId}',
      '/v1/recycling/processors/{processorId}/stock',
    ]);
  });

  it('is ready when its database answers', async () => {
    expect((await service.get('/readyz')).status).toBe(200);
  });
});
