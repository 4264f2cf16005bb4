import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  DestinationKind,
  ItemsDonatedSchema,
  ItemsSoldSchema,
  LotReceivedAtStoreSchema,
  LotReturnedSchema,
} from '@vezel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDonationBody, aReceiptBody, aReturnBody, aSaleBody, STORE } from './retail-bodies.ts';
import {
  decodeAs,
  expectCloudEventHeaders,
  startRetailTestService,
  type RetailTestService,
} from './retail-test-service.ts';

const receipts = '/v1/retail/receipts';
const sales = '/v1/retail/sales';
const donations = '/v1/retail/donations';
const returns = '/v1/retail/returns';

describe('retail over HTTP, against real PostgreSQL and Kafka', () => {
  let service: RetailTestService;

  beforeAll(async () => {
    service = await startRetailTestService({ label: 'retail_http' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  /** Receives `grams` of `lotId` at the store under an explicit receipt id. */
  async function aReceivedLot(lotId: string, grams = 1_000): Promise<void> {
    const response = await service.post(receipts, aReceiptBody(lotId, { receiptId: `R-${lotId}`, grams }));
    expect(response.status).toBe(201);
  }

  /** Runs `act` and asserts it changed nothing: no row, no stock line, no version. */
  async function expectNothingWritten(act: () => Promise<void>): Promise<void> {
    const before = await service.footprint();
    await act();
    expect(await service.footprint()).toEqual(before);
  }

  async function stockOf(storeId: string): Promise<Record<string, unknown>> {
    const response = await service.get(`/v1/retail/stores/${storeId}/stock`);
    expect(response.status).toBe(200);
    return response.body;
  }

  describe('receiving a lot', () => {
    it('answers 201 with the receipt, publishes LotReceivedAtStore keyed by the lot, and the store holds the grams', async () => {
      const response = await service.post(
        receipts,
        aReceiptBody('L-RECV', { receiptId: 'R-1', deliveryId: 'D-1', grams: 12_500 }),
      );

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/retail/receipts/R-1');
      const receipt = {
        receiptId: 'R-1',
        lotId: 'L-RECV',
        storeId: STORE,
        grams: 12_500,
        receivedAt: '2026-03-02T08:00:00.000Z',
        deliveryId: 'D-1',
      };
      expect(response.body).toEqual(receipt);
      expect((await service.get('/v1/retail/receipts/R-1')).body).toEqual(receipt);
      const stock = await stockOf(STORE);
      expect(stock['storeId']).toBe(STORE);
      expect(stock['lots']).toContainEqual({ lotId: 'L-RECV', grams: 12_500 });

      const [event] = await service.eventsOn('L-RECV', 1);
      expectCloudEventHeaders(event!, {
        type: 'vezel.retail.v1.LotReceivedAtStore',
        lotId: 'L-RECV',
        time: '2026-03-02T08:00:00.000Z',
      });
      const received = decodeAs(LotReceivedAtStoreSchema, event!);
      expect(received).toMatchObject({
        receiptId: 'R-1',
        lotId: 'L-RECV',
        storeId: STORE,
        grams: 12_500n,
        deliveryId: 'D-1',
      });
      expect(timestampDate(received.receivedAt!)).toEqual(new Date('2026-03-02T09:00:00+01:00'));
    });

    it("accepts a receipt without an id or a delivery (docs/domain.md's body), derives its id, and replays a repeat", async () => {
      const body = aReceiptBody('L-NOID', { storeId: 'S-NOID', grams: 700 });
      const first = await service.post(receipts, body);
      expect(first.status).toBe(201);
      const receiptId = first.body['receiptId'] as string;
      expect(receiptId).toMatch(/^rcpt-c-[0-9a-f]{32}$/);
      expect(first.location).toBe(`/v1/retail/receipts/${receiptId}`);

      await expectNothingWritten(async () => {
        // The same receipt, with its time in another offset: the same instant, so the same receipt.
        const again = await service.post(receipts, { ...body, receivedAt: '2026-03-02T08:00:00Z' });
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        // Sending back the id the service gave it is the same receipt too.
        const withId = await service.post(receipts, { ...body, receiptId });
        expect(withId.status).toBe(200);
      });
      // Another weighing is another receipt.
      expect((await service.post(receipts, { ...body, grams: 701 })).status).toBe(201);
      expect(await stockOf('S-NOID')).toEqual({
        storeId: 'S-NOID',
        grams: 1_401,
        lots: [{ lotId: 'L-NOID', grams: 1_401 }],
      });
    });

    it('derives the id of a receipt without one from its delivery: a repeat replays, other figures are a 409 naming deliveryId', async () => {
      const body = aReceiptBody('L-DLV', { storeId: 'S-DLV', deliveryId: 'DSP-77', grams: 900 });
      const first = await service.post(receipts, body);
      expect(first.status).toBe(201);
      expect(first.body['receiptId']).toMatch(/^rcpt-d-[0-9a-f]{32}$/);

      await expectNothingWritten(async () => {
        expect((await service.post(receipts, body)).status).toBe(200);
        const reweighed = await service.post(receipts, { ...body, grams: 950 });
        expect(reweighed.status).toBe(409);
        expect(reweighed.contentType).toMatch(/^application\/problem\+json/);
        expect(reweighed.body).toMatchObject({
          status: 409,
          field: 'deliveryId',
          deliveryId: 'DSP-77',
          receiptId: first.body['receiptId'],
        });
      });
      expect(await stockOf('S-DLV')).toMatchObject({ grams: 900 });
    });

    it('replays a receipt with an explicit id with 200; the id with another body is a 409 naming receiptId', async () => {
      const body = aReceiptBody('L-RREPLAY', { receiptId: 'R-REPLAY' });
      const first = await service.post(receipts, body);
      await expectNothingWritten(async () => {
        const again = await service.post(receipts, body);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(receipts, { ...body, grams: 1_001 });
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'receiptId', receiptId: 'R-REPLAY' });
      });
      expect(await service.eventsOn('L-RREPLAY', 1)).toHaveLength(1);
    });

    it('answers 404 for a receipt that was never recorded', async () => {
      const response = await service.get('/v1/retail/receipts/R-NONE');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ status: 404, field: 'receiptId' });
    });
  });

  describe('selling items', () => {
    it('answers 201 with the sale, publishes ItemsSold keyed by the lot, and takes the grams from the stock', async () => {
      await aReceivedLot('L-SELL', 1_000);
      const response = await service.post(sales, aSaleBody('SALE-1', 'L-SELL', { items: 4_294_967_295 }));

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/retail/sales/SALE-1');
      const sale = {
        saleId: 'SALE-1',
        storeId: STORE,
        lotId: 'L-SELL',
        grams: 400,
        items: 4_294_967_295,
        revenueCents: 2_450,
        soldAt: '2026-03-03T13:30:00.000Z',
      };
      expect(response.body).toEqual(sale);
      expect((await service.get('/v1/retail/sales/SALE-1')).body).toEqual(sale);
      expect((await stockOf(STORE))['lots']).toContainEqual({ lotId: 'L-SELL', grams: 600 });

      const events = await service.eventsOn('L-SELL', 2);
      expect(events.map((event) => event.headers['ce_type'])).toEqual([
        'vezel.retail.v1.LotReceivedAtStore',
        'vezel.retail.v1.ItemsSold',
      ]);
      expectCloudEventHeaders(events[1]!, {
        type: 'vezel.retail.v1.ItemsSold',
        lotId: 'L-SELL',
        time: '2026-03-03T13:30:00.000Z',
      });
      expect(decodeAs(ItemsSoldSchema, events[1]!)).toMatchObject({
        saleId: 'SALE-1',
        storeId: STORE,
        lotId: 'L-SELL',
        grams: 400n,
        items: 4_294_967_295,
        revenueCents: 2_450n,
      });
    });

    it('records a sale without revenue', async () => {
      await aReceivedLot('L-NOREV');
      const { revenueCents: _revenue, ...body } = aSaleBody('SALE-NOREV', 'L-NOREV');
      const response = await service.post(sales, body);
      expect(response.status).toBe(201);
      expect(response.body).not.toHaveProperty('revenueCents');
      const [, event] = await service.eventsOn('L-NOREV', 2);
      expect(decodeAs(ItemsSoldSchema, event!).revenueCents).toBeUndefined();
    });

    it('rejects selling more than the store holds with 422, writing nothing', async () => {
      await aReceivedLot('L-OVERSELL', 1_000);
      await service.post(sales, aSaleBody('SALE-OVER-1', 'L-OVERSELL', { grams: 600 }));
      await expectNothingWritten(async () => {
        const response = await service.post(sales, aSaleBody('SALE-OVER-2', 'L-OVERSELL', { grams: 401 }));
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({
          status: 422,
          title: 'Mass not conserved',
          field: 'grams',
          heldGrams: 400,
          requestedGrams: 401,
        });
      });
    });

    it('rejects selling from a lot the store never received with 404 naming lotId, writing nothing', async () => {
      await aReceivedLot('L-ELSEWHERE');
      await expectNothingWritten(async () => {
        // Neither at a store that has stock of other lots, nor at a store that never received anything.
        for (const storeId of [STORE, 'S-EMPTY']) {
          const response = await service.post(sales, aSaleBody('SALE-UNKNOWN', 'L-NEVER', { storeId }));
          expect(response.status).toBe(404);
          expect(response.body).toMatchObject({ status: 404, field: 'lotId' });
        }
        // The lot exists, but at another store.
        const response = await service.post(
          sales,
          aSaleBody('SALE-WRONG-STORE', 'L-ELSEWHERE', { storeId: 'S-OTHER' }),
        );
        expect(response.status).toBe(404);
      });
    });

    it("lets exactly one of two sales racing for a lot's last grams win", async () => {
      for (let round = 0; round < 5; round++) {
        const lotId = `L-RACE-${round}`;
        await aReceivedLot(lotId, 500);
        const responses = await Promise.all([
          service.post(sales, aSaleBody(`SALE-RACE-${round}-a`, lotId, { grams: 500 })),
          service.post(sales, aSaleBody(`SALE-RACE-${round}-b`, lotId, { grams: 500 })),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
      }
      const stock = await stockOf(STORE);
      expect((stock['lots'] as { lotId: string }[]).filter((line) => line.lotId.startsWith('L-RACE-'))).toEqual([]);
      const { rows } = await service.db.query<{ n: bigint }>(
        `select count(*) as n from outbox where key like 'L-RACE-%' and headers->>'ce_type' = 'vezel.retail.v1.ItemsSold'`,
      );
      expect(rows[0]?.n).toBe(5n);
      expect((await service.db.query(`select 1 from sales where lot_id like 'L-RACE-%'`)).rowCount).toBe(5);
    });

    it('never sells more than a store holds when many sales queue behind one store', async () => {
      // 16 sales of 10 g race for 100 g: the retried ones must decide against what the winners committed.
      await aReceivedLot('L-PILE', 100);
      const responses = await Promise.all(
        Array.from({ length: 16 }, (_, index) =>
          service.post(sales, aSaleBody(`SALE-PILE-${index}`, 'L-PILE', { grams: 10 })),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(10);
      expect(statuses.filter((status) => status === 422)).toHaveLength(6);
      expect(((await stockOf(STORE))['lots'] as { lotId: string }[]).filter((line) => line.lotId === 'L-PILE')).toEqual(
        [],
      );
    });

    it('records a sale sent twice at once exactly once: one 201, one 200 replaying it', async () => {
      await aReceivedLot('L-TWICE', 1_000);
      const responses = await Promise.all([
        service.post(sales, aSaleBody('SALE-TWICE', 'L-TWICE')),
        service.post(sales, aSaleBody('SALE-TWICE', 'L-TWICE')),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 201]);
      expect(responses[0].body).toEqual(responses[1].body);
      expect((await stockOf(STORE))['lots']).toContainEqual({ lotId: 'L-TWICE', grams: 600 });
      expect(await service.eventsOn('L-TWICE', 2)).toHaveLength(2);
    });

    it('lets a sale, a donation and a return racing for the same last grams end as one success', async () => {
      await aReceivedLot('L-RACE-MIXED', 300);
      const responses = await Promise.all([
        service.post(sales, aSaleBody('SALE-MIXED', 'L-RACE-MIXED', { grams: 300 })),
        service.post(donations, aDonationBody('DON-MIXED', 'L-RACE-MIXED', { grams: 300 })),
        service.post(returns, aReturnBody('RET-MIXED', 'L-RACE-MIXED', { grams: 300 })),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 422, 422]);
    });

    it('replays a sale with 200 and the original body; its id with another body is a 409', async () => {
      await aReceivedLot('L-SREPLAY', 1_000);
      const first = await service.post(sales, aSaleBody('SALE-R', 'L-SREPLAY'));
      // Sell more of the lot: a replay still answers with the sale as it was.
      await service.post(sales, aSaleBody('SALE-R-2', 'L-SREPLAY', { grams: 600 }));
      await expectNothingWritten(async () => {
        const again = await service.post(sales, aSaleBody('SALE-R', 'L-SREPLAY'));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(sales, aSaleBody('SALE-R', 'L-SREPLAY', { items: 4 }));
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ status: 409, field: 'saleId', saleId: 'SALE-R' });
      });
    });
  });

  describe('donating items', () => {
    it('answers 201 with the donation and publishes ItemsDonated keyed by the lot', async () => {
      await aReceivedLot('L-DONATE', 1_000);
      const response = await service.post(donations, aDonationBody('DON-1', 'L-DONATE'));

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/retail/donations/DON-1');
      const donation = {
        donationId: 'DON-1',
        storeId: STORE,
        lotId: 'L-DONATE',
        grams: 250,
        programme: 'Kledingbank Deventer',
        donatedAt: '2026-03-04T10:00:00.000Z',
      };
      expect(response.body).toEqual(donation);
      expect((await service.get('/v1/retail/donations/DON-1')).body).toEqual(donation);
      expect((await stockOf(STORE))['lots']).toContainEqual({ lotId: 'L-DONATE', grams: 750 });

      const [, event] = await service.eventsOn('L-DONATE', 2);
      expectCloudEventHeaders(event!, {
        type: 'vezel.retail.v1.ItemsDonated',
        lotId: 'L-DONATE',
        time: '2026-03-04T10:00:00.000Z',
      });
      expect(decodeAs(ItemsDonatedSchema, event!)).toMatchObject({
        donationId: 'DON-1',
        storeId: STORE,
        lotId: 'L-DONATE',
        grams: 250n,
        programme: 'Kledingbank Deventer',
      });
    });

    it('rejects donating more than the store holds with 422, and from a lot it never received with 404, writing nothing', async () => {
      await aReceivedLot('L-OVERDONATE', 200);
      await expectNothingWritten(async () => {
        const tooMuch = await service.post(donations, aDonationBody('DON-OVER', 'L-OVERDONATE', { grams: 201 }));
        expect(tooMuch.status).toBe(422);
        expect(tooMuch.body).toMatchObject({ field: 'grams', heldGrams: 200, requestedGrams: 201 });
        const unknown = await service.post(donations, aDonationBody('DON-UNKNOWN', 'L-NEVER'));
        expect(unknown.status).toBe(404);
        expect(unknown.body).toMatchObject({ field: 'lotId' });
      });
    });

    it('replays a donation with 200; its id with another body is a 409', async () => {
      await aReceivedLot('L-DREPLAY');
      const first = await service.post(donations, aDonationBody('DON-R', 'L-DREPLAY'));
      await expectNothingWritten(async () => {
        const again = await service.post(donations, aDonationBody('DON-R', 'L-DREPLAY'));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(
          donations,
          aDonationBody('DON-R', 'L-DREPLAY', { programme: 'Stichting Kleding' }),
        );
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'donationId' });
      });
    });
  });

  describe('returning a lot', () => {
    it('answers 201 with the return and publishes LotReturned to a centre, keyed by the lot', async () => {
      await aReceivedLot('L-RETURN', 1_000);
      const response = await service.post(returns, aReturnBody('RET-1', 'L-RETURN'));

      expect(response.status).toBe(201);
      expect(response.location).toBe('/v1/retail/returns/RET-1');
      const lotReturn = {
        returnId: 'RET-1',
        storeId: STORE,
        lotId: 'L-RETURN',
        grams: 300,
        destination: { kind: 'centre', id: 'SC-DEVENTER' },
        returnedAt: '2026-03-05T15:00:00.000Z',
      };
      expect(response.body).toEqual(lotReturn);
      expect((await service.get('/v1/retail/returns/RET-1')).body).toEqual(lotReturn);
      expect((await stockOf(STORE))['lots']).toContainEqual({ lotId: 'L-RETURN', grams: 700 });

      const [, event] = await service.eventsOn('L-RETURN', 2);
      expectCloudEventHeaders(event!, {
        type: 'vezel.retail.v1.LotReturned',
        lotId: 'L-RETURN',
        time: '2026-03-05T15:00:00.000Z',
      });
      expect(decodeAs(LotReturnedSchema, event!)).toMatchObject({
        returnId: 'RET-1',
        storeId: STORE,
        lotId: 'L-RETURN',
        grams: 300n,
        destination: { kind: DestinationKind.CENTRE, id: 'SC-DEVENTER' },
      });
    });

    it('returns the rest of a lot on to a processor, after which the store holds none of it', async () => {
      await aReceivedLot('L-TO-PROCESSOR', 1_000);
      const response = await service.post(
        returns,
        aReturnBody('RET-PROC', 'L-TO-PROCESSOR', { grams: 1_000, destination: { kind: 'processor', id: 'P-WIPERS' } }),
      );
      expect(response.status).toBe(201);
      const [, event] = await service.eventsOn('L-TO-PROCESSOR', 2);
      expect(decodeAs(LotReturnedSchema, event!).destination).toMatchObject({
        kind: DestinationKind.PROCESSOR,
        id: 'P-WIPERS',
      });
      expect((await stockOf(STORE))['lots']).not.toContainEqual(expect.objectContaining({ lotId: 'L-TO-PROCESSOR' }));
      // Sold out is not "never received": the next sale is refused for lack of grams.
      const sale = await service.post(sales, aSaleBody('SALE-SOLD-OUT', 'L-TO-PROCESSOR', { grams: 1 }));
      expect(sale.status).toBe(422);
    });

    it.each([
      ['an exporter', 'exporter'],
      ['a disposal facility', 'disposal'],
      ['another store', 'store'],
      ['an unknown kind', 'drone'],
    ])('rejects a return to %s with 400 naming destination.kind, writing nothing', async (_name, kind) => {
      await aReceivedLot(`L-BADDEST-${kind}`);
      await expectNothingWritten(async () => {
        const response = await service.post(
          returns,
          aReturnBody(`RET-${kind}`, `L-BADDEST-${kind}`, { destination: { kind, id: 'X-1' } }),
        );
        expect(response.status).toBe(400);
        expect(response.contentType).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 400, field: 'destination.kind' });
      });
    });

    it('rejects returning more than the store holds with 422, and a lot it never received with 404, writing nothing', async () => {
      await aReceivedLot('L-OVERRETURN', 100);
      await expectNothingWritten(async () => {
        const tooMuch = await service.post(returns, aReturnBody('RET-OVER', 'L-OVERRETURN', { grams: 101 }));
        expect(tooMuch.status).toBe(422);
        expect(tooMuch.body).toMatchObject({ field: 'grams', heldGrams: 100, requestedGrams: 101 });
        const unknown = await service.post(returns, aReturnBody('RET-UNKNOWN', 'L-NEVER'));
        expect(unknown.status).toBe(404);
        expect(unknown.body).toMatchObject({ field: 'lotId' });
      });
    });

    it('replays a return with 200; its id with another destination is a 409', async () => {
      await aReceivedLot('L-RETREPLAY');
      const first = await service.post(returns, aReturnBody('RET-R', 'L-RETREPLAY'));
      await expectNothingWritten(async () => {
        const again = await service.post(returns, aReturnBody('RET-R', 'L-RETREPLAY'));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        const other = await service.post(
          returns,
          aReturnBody('RET-R', 'L-RETREPLAY', { destination: { kind: 'centre', id: 'SC-SNEEK' } }),
        );
        expect(other.status).toBe(409);
        expect(other.body).toMatchObject({ field: 'returnId' });
      });
    });
  });

  describe('reading', () => {
    it('answers 404 naming the id for a sale, donation or return that was never recorded', async () => {
      for (const [path, field] of [
        ['/v1/retail/sales/SALE-NONE', 'saleId'],
        ['/v1/retail/donations/DON-NONE', 'donationId'],
        ['/v1/retail/returns/RET-NONE', 'returnId'],
      ] as const) {
        const response = await service.get(path);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ status: 404, field });
      }
    });

    it('answers an empty stock for a store that never received anything', async () => {
      expect(await stockOf('S-NEVER-OPENED')).toEqual({ storeId: 'S-NEVER-OPENED', grams: 0, lots: [] });
    });

    it("lists a store's lots by lot id, with their total", async () => {
      await service.post(receipts, aReceiptBody('L-B', { storeId: 'S-LIST', receiptId: 'R-LIST-B', grams: 20 }));
      await service.post(receipts, aReceiptBody('L-A', { storeId: 'S-LIST', receiptId: 'R-LIST-A', grams: 10 }));
      await service.post(receipts, aReceiptBody('L-C', { storeId: 'S-LIST', receiptId: 'R-LIST-C', grams: 5 }));
      await service.post(sales, aSaleBody('SALE-LIST-C', 'L-C', { storeId: 'S-LIST', grams: 5 }));
      expect(await stockOf('S-LIST')).toEqual({
        storeId: 'S-LIST',
        grams: 30,
        lots: [
          { lotId: 'L-A', grams: 10 },
          { lotId: 'L-B', grams: 20 },
        ],
      });
    });
  });

  it('serves its OpenAPI 3.1 document', async () => {
    const response = await service.get('/v1/retail/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ openapi: '3.1.0' });
    expect(Object.keys(response.body['paths'] as object)).toEqual([
      '/v1/retail/receipts',
      '/v1/retail/receipts/{receiptId}',
      '/v1/retail/sales',
      '/v1/retail/sales/{saleId}',
      '/v1/retail/donations',
      '/v1/retail/donations/{donationId}',
      '/v1/retail/returns',
      '/v1/retail/returns/{returnId}',
      '/v1/retail/stores/{storeId}/stock',
    ]);
  });

  it('is ready when its database answers', async () => {
    expect((await service.get('/readyz')).status).toBe(200);
  });
});
