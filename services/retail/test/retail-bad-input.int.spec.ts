import { expectRejectedWithNothingWritten } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDonationBody, aReceiptBody, aReturnBody, aSaleBody } from './retail-bodies.ts';
import { startRetailTestService, type RetailTestService } from './retail-test-service.ts';

const receipts = '/v1/retail/receipts';
const sales = '/v1/retail/sales';
const donations = '/v1/retail/donations';
const returns = '/v1/retail/returns';

// Every command is aimed at a lot the store holds, so nothing but the bad input could refuse it.
const LOT = 'L-BAD';
const aSale = aSaleBody('SALE-NEW', LOT);
const aDonation = aDonationBody('DON-NEW', LOT);
const aReturn = aReturnBody('RET-NEW', LOT);
const aReceipt = aReceiptBody(LOT, { receiptId: 'R-NEW' });

/** `body` without `field`. */
function without(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _removed, ...rest } = body;
  return rest;
}

describe('retail rejects bad input with 4xx problem+json naming the field, and writes nothing', () => {
  let service: RetailTestService;

  beforeAll(async () => {
    service = await startRetailTestService({ label: 'retail_bad_input', observeKafka: false });
    expect((await service.post(receipts, aReceiptBody(LOT, { receiptId: 'R-SETUP', grams: 100_000 }))).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await service?.stop();
  });

  const expectRejected = (
    send: Parameters<typeof expectRejectedWithNothingWritten>[1],
    status: number,
    field: string,
  ): Promise<void> => expectRejectedWithNothingWritten(() => service.footprint(), send, status, field);

  it.each([
    // grams, on every command
    ['grams as a string', sales, { ...aSale, grams: '400' }, 'grams'],
    ['negative grams', sales, { ...aSale, grams: -5 }, 'grams'],
    ['fractional grams', donations, { ...aDonation, grams: 2.5 }, 'grams'],
    ['zero grams', returns, { ...aReturn, grams: 0 }, 'grams'],
    ['grams beyond 2^53', receipts, { ...aReceipt, grams: Number.MAX_SAFE_INTEGER + 2 }, 'grams'],
    ['negative receipt grams', receipts, { ...aReceipt, grams: -1 }, 'grams'],
    ['fractional receipt grams', receipts, { ...aReceipt, grams: 0.5 }, 'grams'],
    // ids
    ['a number for an id', sales, { ...aSale, saleId: 7 }, 'saleId'],
    ['an empty id', donations, { ...aDonation, donationId: '' }, 'donationId'],
    ['an id longer than 128 characters', returns, { ...aReturn, returnId: 'R'.repeat(129) }, 'returnId'],
    ['an empty receipt id', receipts, { ...aReceipt, receiptId: '' }, 'receiptId'],
    ['an over-long delivery id', receipts, { ...aReceipt, deliveryId: 'D'.repeat(129) }, 'deliveryId'],
    ['a number for a store', receipts, { ...aReceipt, storeId: 12 }, 'storeId'],
    // missing fields
    ['a missing lot', sales, without(aSale, 'lotId'), 'lotId'],
    ['a missing store', receipts, without(aReceipt, 'storeId'), 'storeId'],
    ['missing items', sales, without(aSale, 'items'), 'items'],
    ['a missing programme', donations, without(aDonation, 'programme'), 'programme'],
    ['a missing destination', returns, without(aReturn, 'destination'), 'destination'],
    ['a missing sale time', sales, without(aSale, 'soldAt'), 'soldAt'],
    // items and money
    ['zero items', sales, { ...aSale, items: 0 }, 'items'],
    ['fractional items', sales, { ...aSale, items: 1.5 }, 'items'],
    ['more items than a uint32 holds', sales, { ...aSale, items: 2 ** 32 }, 'items'],
    ['items as a string', sales, { ...aSale, items: '3' }, 'items'],
    ['negative revenue', sales, { ...aSale, revenueCents: -1 }, 'revenueCents'],
    ['fractional revenue', sales, { ...aSale, revenueCents: 24.5 }, 'revenueCents'],
    // text
    ['a blank programme', donations, { ...aDonation, programme: '   ' }, 'programme'],
    ['an over-long programme', donations, { ...aDonation, programme: 'p'.repeat(201) }, 'programme'],
    // destination
    ['a destination that is not an object', returns, { ...aReturn, destination: 'centre' }, 'destination'],
    ['a destination without a kind', returns, { ...aReturn, destination: { id: 'SC-1' } }, 'destination.kind'],
    ['a destination without an id', returns, { ...aReturn, destination: { kind: 'centre' } }, 'destination.id'],
    [
      'a destination kind as a number',
      returns,
      { ...aReturn, destination: { kind: 1, id: 'SC-1' } },
      'destination.kind',
    ],
    [
      'a country on a return',
      returns,
      { ...aReturn, destination: { kind: 'centre', id: 'SC-1', country: 'NL' } },
      'destination.country',
    ],
    [
      'an exporter as destination',
      returns,
      { ...aReturn, destination: { kind: 'exporter', id: 'EX-1' } },
      'destination.kind',
    ],
    // times
    ['a time without an offset', sales, { ...aSale, soldAt: '2026-03-03T14:30:00' }, 'soldAt'],
    ['a date without a time', donations, { ...aDonation, donatedAt: '2026-03-04' }, 'donatedAt'],
    ['an impossible date', returns, { ...aReturn, returnedAt: '2026-02-30T16:00:00Z' }, 'returnedAt'],
    ['a time as a number', receipts, { ...aReceipt, receivedAt: 1_772_438_400_000 }, 'receivedAt'],
    // shape
    ['an unknown field', sales, { ...aSale, price: 12 }, 'price'],
    ['a misspelt optional field', receipts, { ...aReceipt, deliveryID: 'D-1' }, 'deliveryID'],
    ['an array as the body', donations, [aDonation], 'body'],
    ['a string as the body', sales, 'SALE-NEW', 'body'],
  ])('rejects %s with 400', async (_name, path, body, field) => {
    await expectRejected(() => service.post(path, body), 400, field);
  });

  it('rejects malformed JSON with 400 naming the body', async () => {
    await expectRejected(() => service.postRaw(sales, '{"saleId": "SALE-NEW",'), 400, 'body');
  });

  it('rejects a POST without a body with 400 naming the body', async () => {
    await expectRejected(
      async () => {
        const response = await fetch(service.url + returns, { method: 'POST' });
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
      () => service.postRaw(receipts, 'lotId=L-BAD', 'application/x-www-form-urlencoded'),
      415,
      'body',
    );
  });

  it('rejects an oversized body with 413', async () => {
    await expectRejected(() => service.post(donations, { ...aDonation, programme: 'x'.repeat(70_000) }), 413, 'body');
  });

  it('rejects a control character (U+0000, which PostgreSQL cannot store) in a path id with 400', async () => {
    for (const [path, field] of [
      [`${sales}/S%00`, 'saleId'],
      [`/v1/retail/stores/S%00/stock`, 'storeId'],
    ] as const) {
      const response = await service.get(path);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ field });
    }
  });

  it('rejects an over-long id in a path with 400', async () => {
    for (const [path, field] of [
      [`${receipts}/${'R'.repeat(129)}`, 'receiptId'],
      [`${sales}/${'S'.repeat(129)}`, 'saleId'],
      [`${donations}/${'D'.repeat(129)}`, 'donationId'],
      [`${returns}/${'R'.repeat(129)}`, 'returnId'],
      [`/v1/retail/stores/${'S'.repeat(129)}/stock`, 'storeId'],
    ] as const) {
      const response = await service.get(path);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ field });
    }
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await service.get('/v1/retail/lots/L-1');
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
  });
});
