import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceError } from '@grpc/grpc-js';
import { DestinationKind, DisposalMethod, ItemsSoldSchema, LotReturnedSchema, RetailService } from '@vezel/contracts';
import { GrpcStatus } from '@vezel/errors';
import { createGrpcClient, ERROR_KIND_METADATA_KEY, FIELD_METADATA_KEY, type GrpcClient } from '@vezel/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeAs,
  expectCloudEventHeaders,
  startRetailTestService,
  type RetailTestService,
} from './retail-test-service.ts';

const STORE = 'S-GRPC';
const receivedAt = timestampFromDate(new Date('2026-03-02T09:00:00+01:00'));
const soldAt = timestampFromDate(new Date('2026-03-03T14:30:00+01:00'));
const donatedAt = timestampFromDate(new Date('2026-03-04T11:00:00+01:00'));
const returnedAt = timestampFromDate(new Date('2026-03-05T16:00:00+01:00'));

const aSale = (saleId: string, lotId: string) => ({ saleId, storeId: STORE, lotId, grams: 100n, items: 2, soldAt });
const aDonation = (donationId: string, lotId: string) => ({
  donationId,
  storeId: STORE,
  lotId,
  grams: 100n,
  programme: 'Kledingbank Zwolle',
  donatedAt,
});
const aReturn = (returnId: string, lotId: string) => ({
  returnId,
  storeId: STORE,
  lotId,
  grams: 100n,
  destination: { kind: DestinationKind.CENTRE, id: 'SC-SNEEK' },
  returnedAt,
});

describe('retail over gRPC, against real PostgreSQL and Kafka', () => {
  let service: RetailTestService;
  let client: GrpcClient<typeof RetailService>;

  beforeAll(async () => {
    service = await startRetailTestService({ label: 'retail_grpc' });
    client = createGrpcClient(RetailService, service.grpcAddress);
  });
  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  async function aReceivedLot(lotId: string, grams = 1_000n): Promise<void> {
    await client.receiveLotAtStore({ receiptId: `R-${lotId}`, lotId, storeId: STORE, grams, receivedAt });
  }

  /** Asserts the call failed with `code`, naming `field`, and wrote nothing. */
  async function expectFailure(
    call: () => Promise<unknown>,
    code: number,
    field: string,
    kind?: string,
  ): Promise<void> {
    const before = await service.footprint();
    const error = (await call().then(
      () => expect.fail('the call succeeded'),
      (failure: unknown) => failure,
    )) as ServiceError;
    expect(error.code).toBe(code);
    expect(error.metadata.get(FIELD_METADATA_KEY)).toEqual([field]);
    if (kind !== undefined) expect(error.metadata.get(ERROR_KIND_METADATA_KEY)).toEqual([kind]);
    expect(await service.footprint()).toEqual(before);
  }

  it('receives a lot, sells, donates and returns from it, and reads every fact and the stock back', async () => {
    const received = await client.receiveLotAtStore({
      lotId: 'L-G1',
      storeId: STORE,
      grams: 1_000n,
      receivedAt,
      deliveryId: 'DSP-G1',
    });
    expect(received.event).toMatchObject({ lotId: 'L-G1', storeId: STORE, grams: 1_000n, deliveryId: 'DSP-G1' });
    const receiptId = received.event!.receiptId;
    expect(receiptId).toMatch(/^rcpt-d-/);

    const sold = await client.sellItems({ ...aSale('SALE-G1', 'L-G1'), revenueCents: 1_995n });
    expect(sold.event).toMatchObject({ saleId: 'SALE-G1', grams: 100n, items: 2, revenueCents: 1_995n });
    const donated = await client.donateItems(aDonation('DON-G1', 'L-G1'));
    expect(donated.event).toMatchObject({ donationId: 'DON-G1', programme: 'Kledingbank Zwolle' });
    const returned = await client.returnLot({
      ...aReturn('RET-G1', 'L-G1'),
      destination: { kind: DestinationKind.PROCESSOR, id: 'P-1' },
    });
    expect(returned.event).toMatchObject({
      returnId: 'RET-G1',
      destination: { kind: DestinationKind.PROCESSOR, id: 'P-1' },
    });

    expect((await client.getStoreReceipt({ receiptId })).receipt).toEqual(received.event);
    expect((await client.getSale({ saleId: 'SALE-G1' })).sale).toEqual(sold.event);
    expect((await client.getDonation({ donationId: 'DON-G1' })).donation).toEqual(donated.event);
    expect((await client.getReturn({ returnId: 'RET-G1' })).lotReturn).toEqual(returned.event);
    const stock = await client.getStoreStock({ storeId: STORE });
    expect(stock.storeId).toBe(STORE);
    expect(stock.stock.find((line) => line.nodeId === 'L-G1')?.grams).toBe(700n);
    expect((await client.getStoreStock({ storeId: 'S-GRPC-NONE' })).stock).toEqual([]);

    const events = await service.eventsOn('L-G1', 4);
    expect(events.map((event) => event.headers['ce_type'])).toEqual([
      'vezel.retail.v1.LotReceivedAtStore',
      'vezel.retail.v1.ItemsSold',
      'vezel.retail.v1.ItemsDonated',
      'vezel.retail.v1.LotReturned',
    ]);
    expectCloudEventHeaders(events[1]!, {
      type: 'vezel.retail.v1.ItemsSold',
      lotId: 'L-G1',
      time: '2026-03-03T13:30:00.000Z',
    });
    expect(decodeAs(ItemsSoldSchema, events[1]!)).toMatchObject({ saleId: 'SALE-G1', revenueCents: 1_995n });
    expect(decodeAs(LotReturnedSchema, events[3]!).destination).toMatchObject({
      kind: DestinationKind.PROCESSOR,
      id: 'P-1',
    });
  });

  it('replays a repeated command with the original event; the same id with another body is ALREADY_EXISTS', async () => {
    await aReceivedLot('L-GREPLAY');
    const first = await client.sellItems(aSale('SALE-GR', 'L-GREPLAY'));
    const before = await service.footprint();
    expect(await client.sellItems(aSale('SALE-GR', 'L-GREPLAY'))).toEqual(first);
    expect(await service.footprint()).toEqual(before);
    await expectFailure(
      () => client.sellItems({ ...aSale('SALE-GR', 'L-GREPLAY'), items: 3 }),
      GrpcStatus.ALREADY_EXISTS,
      'saleId',
      'Conflict',
    );
    await expectFailure(
      () =>
        client.receiveLotAtStore({
          receiptId: 'R-L-GREPLAY',
          lotId: 'L-GREPLAY',
          storeId: STORE,
          grams: 5n,
          receivedAt,
        }),
      GrpcStatus.ALREADY_EXISTS,
      'receiptId',
    );
  });

  it('recognises a command sent over HTTP and repeated over gRPC as a replay', async () => {
    await aReceivedLot('L-CROSS');
    const overHttp = await service.post('/v1/retail/donations', {
      donationId: 'DON-CROSS',
      storeId: STORE,
      lotId: 'L-CROSS',
      grams: 100,
      programme: 'Kledingbank Zwolle',
      donatedAt: '2026-03-04T11:00:00+01:00',
    });
    expect(overHttp.status).toBe(201);
    const before = await service.footprint();
    const overGrpc = await client.donateItems(aDonation('DON-CROSS', 'L-CROSS'));
    expect(overGrpc.event).toMatchObject({ donationId: 'DON-CROSS', grams: 100n });
    expect(await service.footprint()).toEqual(before);
  });

  it('fails taking more than the store holds with FAILED_PRECONDITION', async () => {
    await aReceivedLot('L-GOVER', 99n);
    await expectFailure(
      () => client.sellItems(aSale('SALE-GO', 'L-GOVER')),
      GrpcStatus.FAILED_PRECONDITION,
      'grams',
      'MassNotConserved',
    );
    await expectFailure(
      () => client.donateItems(aDonation('DON-GO', 'L-GOVER')),
      GrpcStatus.FAILED_PRECONDITION,
      'grams',
    );
    await expectFailure(() => client.returnLot(aReturn('RET-GO', 'L-GOVER')), GrpcStatus.FAILED_PRECONDITION, 'grams');
  });

  it('fails a lot the store never received, and unknown facts, with NOT_FOUND', async () => {
    await expectFailure(() => client.sellItems(aSale('SALE-GN', 'L-NEVER')), GrpcStatus.NOT_FOUND, 'lotId', 'NotFound');
    await expectFailure(() => client.donateItems(aDonation('DON-GN', 'L-NEVER')), GrpcStatus.NOT_FOUND, 'lotId');
    await expectFailure(() => client.returnLot(aReturn('RET-GN', 'L-NEVER')), GrpcStatus.NOT_FOUND, 'lotId');
    await expectFailure(() => client.getStoreReceipt({ receiptId: 'R-NONE' }), GrpcStatus.NOT_FOUND, 'receiptId');
    await expectFailure(() => client.getSale({ saleId: 'SALE-NONE' }), GrpcStatus.NOT_FOUND, 'saleId');
    await expectFailure(() => client.getDonation({ donationId: 'DON-NONE' }), GrpcStatus.NOT_FOUND, 'donationId');
    await expectFailure(() => client.getReturn({ returnId: 'RET-NONE' }), GrpcStatus.NOT_FOUND, 'returnId');
  });

  it.each([
    ['an unspecified kind', { kind: DestinationKind.UNSPECIFIED, id: 'SC-1' }, 'destination.kind'],
    ['an exporter', { kind: DestinationKind.EXPORTER, id: 'EX-1', country: 'PL' }, 'destination.country'],
    ['an exporter without a country', { kind: DestinationKind.EXPORTER, id: 'EX-1' }, 'destination.kind'],
    ['a disposal facility', { kind: DestinationKind.DISPOSAL, id: 'AVR-1' }, 'destination.kind'],
    [
      'a disposal method',
      { kind: DestinationKind.CENTRE, id: 'SC-1', method: DisposalMethod.LANDFILL },
      'destination.method',
    ],
    ['another store', { kind: DestinationKind.STORE, id: 'S-2' }, 'destination.kind'],
    ['an empty destination id', { kind: DestinationKind.CENTRE, id: '' }, 'destination.id'],
  ])('fails a return to %s as INVALID_ARGUMENT', async (_name, destination, field) => {
    await aReceivedLot('L-GDEST');
    await expectFailure(
      () => client.returnLot({ ...aReturn('RET-GDEST', 'L-GDEST'), destination }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
      'InvalidInput',
    );
  });

  it('fails a return without a destination as INVALID_ARGUMENT', async () => {
    await aReceivedLot('L-GNODEST');
    const { destination: _destination, ...request } = aReturn('RET-GNODEST', 'L-GNODEST');
    await expectFailure(() => client.returnLot(request), GrpcStatus.INVALID_ARGUMENT, 'destination');
  });

  it.each([
    ['negative grams', { grams: -1n }, 'grams'],
    ['zero grams', { grams: 0n }, 'grams'],
    ['zero items', { items: 0 }, 'items'],
    ['negative revenue', { revenueCents: -1n }, 'revenueCents'],
    ['an empty sale id', { saleId: '' }, 'saleId'],
    ['an id longer than 128 characters', { lotId: 'L'.repeat(129) }, 'lotId'],
    ['no sale time', { soldAt: undefined }, 'soldAt'],
    ['a time beyond what a Date holds', { soldAt: { seconds: 10n ** 15n, nanos: 0 } }, 'soldAt'],
  ])('fails a sale with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await aReceivedLot('L-GBAD');
    await expectFailure(
      () => client.sellItems({ ...aSale('SALE-GBAD', 'L-GBAD'), ...overrides }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
    );
  });

  it.each([
    ['a blank programme', { programme: ' ' }, 'programme'],
    ['an over-long programme', { programme: 'p'.repeat(201) }, 'programme'],
    ['no donation time', { donatedAt: undefined }, 'donatedAt'],
  ])('fails a donation with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await aReceivedLot('L-GBADDON');
    await expectFailure(
      () => client.donateItems({ ...aDonation('DON-GBAD', 'L-GBADDON'), ...overrides }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
    );
  });

  it.each([
    ['an empty receipt id', { receiptId: '' }, 'receiptId'],
    ['negative grams', { grams: -5n }, 'grams'],
    ['no receipt time', { receivedAt: undefined }, 'receivedAt'],
    ['an empty store', { storeId: '' }, 'storeId'],
  ])('fails a receipt with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await expectFailure(
      () => client.receiveLotAtStore({ lotId: 'L-GBADR', storeId: STORE, grams: 1n, receivedAt, ...overrides }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
    );
  });

  it("lets exactly one of two sales racing for a lot's last grams win", async () => {
    await aReceivedLot('L-GRACE', 700n);
    const results = await Promise.allSettled([
      client.sellItems({ ...aSale('SALE-GRACE-a', 'L-GRACE'), grams: 700n }),
      client.sellItems({ ...aSale('SALE-GRACE-b', 'L-GRACE'), grams: 700n }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((result) => result.status === 'rejected');
    expect((lost?.reason as ServiceError).code).toBe(GrpcStatus.FAILED_PRECONDITION);
    const { stock } = await client.getStoreStock({ storeId: STORE });
    expect(stock.find((line) => line.nodeId === 'L-GRACE')).toBeUndefined();
  });
});
