import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceError } from '@grpc/grpc-js';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  DestinationKind,
  DisposalMethod,
  LotDispatchedSchema,
  SortingService,
  type DispatchLotRequestSchema,
} from '@vezel/contracts';
import { GrpcStatus } from '@vezel/errors';
import { createGrpcClient, ERROR_KIND_METADATA_KEY, FIELD_METADATA_KEY, type GrpcClient } from '@vezel/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeAs,
  expectCloudEventHeaders,
  startSortingTestService,
  type SortingTestService,
} from './sorting-test-service.ts';

describe('sorting over gRPC, against real PostgreSQL and Kafka', () => {
  let service: SortingTestService;
  let client: GrpcClient<typeof SortingService>;

  beforeAll(async () => {
    service = await startSortingTestService({ label: 'sorting_grpc' });
    client = createGrpcClient(SortingService, service.grpcAddress);
  });
  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  const receivedAt = timestampFromDate(new Date('2026-03-02T09:00:00+01:00'));
  const completedAt = timestampFromDate(new Date('2026-03-02T15:00:00+01:00'));
  const dispatchedAt = timestampFromDate(new Date('2026-03-03T08:00:00+01:00'));
  const toStore = { kind: DestinationKind.STORE, id: 'ST-ZWOLLE-1' };

  /** Receives 10 kg of `B-<name>` at Sneek and sorts it into `L-<name>-a` (6 kg) and `L-<name>-b` (3.5 kg). */
  async function aSortedBatch(name: string): Promise<readonly [string, string]> {
    await client.receiveNodeAtCentre({
      receiptId: `R-${name}`,
      nodeId: `B-${name}`,
      centreId: 'SC-SNEEK',
      grams: 10_000n,
      receivedAt,
    });
    const lots = [`L-${name}-a`, `L-${name}-b`] as const;
    await client.completeSortingRun({
      runId: `RUN-${name}`,
      centreId: 'SC-SNEEK',
      inputs: [{ nodeId: `B-${name}`, grams: 10_000n }],
      outputs: [
        { lotId: lots[0], fraction: 'reuse.creme', grams: 6_000n },
        { lotId: lots[1], fraction: 'recycling.open-loop', grams: 3_500n },
      ],
      lossGrams: 500n,
      completedAt,
    });
    return lots;
  }

  const aDispatch = (
    lotId: string,
    dispatchId: string,
    grams: bigint,
  ): MessageInitShape<typeof DispatchLotRequestSchema> => ({
    lotId,
    dispatchId,
    grams,
    destination: toStore,
    dispatchedAt,
  });

  /** Asserts the call failed with `code`, naming `field`, and wrote nothing. */
  async function expectFailure(
    call: () => Promise<unknown>,
    code: number,
    field: string,
    kind?: string,
  ): Promise<void> {
    const before = await service.rowCounts();
    const error = (await call().then(
      () => expect.fail('the call succeeded'),
      (failure: unknown) => failure,
    )) as ServiceError;
    expect(error.code).toBe(code);
    expect(error.metadata.get(FIELD_METADATA_KEY)).toEqual([field]);
    if (kind !== undefined) expect(error.metadata.get(ERROR_KIND_METADATA_KEY)).toEqual([kind]);
    expect(await service.rowCounts()).toEqual(before);
  }

  it('receives a batch, sorts it, dispatches a lot, and reads them all back', async () => {
    const received = await client.receiveNodeAtCentre({
      nodeId: 'B-G1',
      centreId: 'SC-SNEEK',
      grams: 10_000n,
      receivedAt,
      deliveryId: 'S-G1',
    });
    expect(received.event).toMatchObject({ nodeId: 'B-G1', centreId: 'SC-SNEEK', grams: 10_000n, deliveryId: 'S-G1' });
    expect(received.event?.receiptId).toMatch(/^rcpt-[0-9a-f]{32}$/);

    const run = await client.completeSortingRun({
      runId: 'RUN-G1',
      centreId: 'SC-SNEEK',
      inputs: [{ nodeId: 'B-G1', grams: 10_000n }],
      outputs: [{ lotId: 'L-G1', fraction: 'reuse.export', grams: 9_000n }],
      lossGrams: 1_000n,
      completedAt,
    });
    expect(run.event).toMatchObject({
      runId: 'RUN-G1',
      outputs: [{ lotId: 'L-G1', fraction: 'reuse.export', grams: 9_000n }],
    });

    const dispatched = await client.dispatchLot({
      lotId: 'L-G1',
      dispatchId: 'D-G1',
      grams: 9_000n,
      destination: { kind: DestinationKind.EXPORTER, id: 'EX-1', country: 'GH' },
      transportKm: 1_200.5,
      dispatchedAt,
    });
    expect(dispatched.event).toMatchObject({
      centreId: 'SC-SNEEK',
      destination: { kind: DestinationKind.EXPORTER, country: 'GH', method: DisposalMethod.UNSPECIFIED },
      transportKm: 1_200.5,
    });

    const { receipt } = await client.getCentreReceipt({ receiptId: received.event!.receiptId });
    expect(receipt).toMatchObject({ nodeId: 'B-G1', deliveryId: 'S-G1' });
    expect((await client.getSortingRun({ runId: 'RUN-G1' })).run).toMatchObject({ lossGrams: 1_000n });
    const { lot } = await client.getLot({ lotId: 'L-G1' });
    expect(lot).toMatchObject({ runId: 'RUN-G1', centreId: 'SC-SNEEK', grams: 9_000n, availableGrams: 0n });
    expect(lot?.dispatches.map((dispatch) => dispatch.dispatchId)).toEqual(['D-G1']);
    const stock = await client.getCentreStock({ centreId: 'SC-SNEEK' });
    expect(stock.stock.find((line) => line.nodeId === 'L-G1')).toBeUndefined();

    const [event] = await service.eventsOn('L-G1', 1);
    expectCloudEventHeaders(event!, {
      type: 'vezel.sorting.v1.LotDispatched',
      subject: 'L-G1',
      time: '2026-03-03T07:00:00.000Z',
    });
    expect(decodeAs(LotDispatchedSchema, event!)).toMatchObject({ dispatchId: 'D-G1', grams: 9_000n });
  });

  it('replays a repeated command with the original event; the same id with another body is ALREADY_EXISTS', async () => {
    const [lot] = await aSortedBatch('GREPLAY');
    const first = await client.dispatchLot(aDispatch(lot, 'D-GR', 10n));
    const before = await service.rowCounts();
    expect(await client.dispatchLot(aDispatch(lot, 'D-GR', 10n))).toEqual(first);
    expect(await service.rowCounts()).toEqual(before);
    await expectFailure(
      () => client.dispatchLot(aDispatch(lot, 'D-GR', 11n)),
      GrpcStatus.ALREADY_EXISTS,
      'dispatchId',
      'Conflict',
    );
  });

  it('recognises a command sent over HTTP and repeated over gRPC as a replay', async () => {
    const overHttp = await service.post('/v1/sorting/receipts', {
      receiptId: 'R-CROSS',
      nodeId: 'B-CROSS',
      centreId: 'SC-SNEEK',
      grams: 5_000,
      receivedAt: '2026-03-02T09:00:00+01:00',
    });
    expect(overHttp.status).toBe(201);
    const before = await service.rowCounts();
    const overGrpc = await client.receiveNodeAtCentre({
      receiptId: 'R-CROSS',
      nodeId: 'B-CROSS',
      centreId: 'SC-SNEEK',
      grams: 5_000n,
      receivedAt,
    });
    expect(overGrpc.event).toMatchObject({ receiptId: 'R-CROSS', grams: 5_000n });
    expect(await service.rowCounts()).toEqual(before);
  });

  it('fails an unbalanced run and a dispatch over what the centre holds with FAILED_PRECONDITION', async () => {
    await client.receiveNodeAtCentre({
      receiptId: 'R-GUNBAL',
      nodeId: 'B-GUNBAL',
      centreId: 'SC-SNEEK',
      grams: 1_000n,
      receivedAt,
    });
    await expectFailure(
      () =>
        client.completeSortingRun({
          runId: 'RUN-GUNBAL',
          centreId: 'SC-SNEEK',
          inputs: [{ nodeId: 'B-GUNBAL', grams: 1_000n }],
          outputs: [{ lotId: 'L-GUNBAL', fraction: 'upcycling', grams: 900n }],
          lossGrams: 50n,
          completedAt,
        }),
      GrpcStatus.FAILED_PRECONDITION,
      'lossGrams',
      'MassNotConserved',
    );
    const [lot] = await aSortedBatch('GOVER');
    await expectFailure(
      () => client.dispatchLot(aDispatch(lot, 'D-GOVER', 6_001n)),
      GrpcStatus.FAILED_PRECONDITION,
      'grams',
      'MassNotConserved',
    );
  });

  it('fails a taken lot id with ALREADY_EXISTS', async () => {
    const [lot] = await aSortedBatch('GTAKEN');
    await client.receiveNodeAtCentre({
      receiptId: 'R-GTAKEN-2',
      nodeId: 'B-GTAKEN-2',
      centreId: 'SC-DEVENTER',
      grams: 100n,
      receivedAt,
    });
    await expectFailure(
      () =>
        client.completeSortingRun({
          runId: 'RUN-GTAKEN-2',
          centreId: 'SC-DEVENTER',
          inputs: [{ nodeId: 'B-GTAKEN-2', grams: 100n }],
          outputs: [{ lotId: lot, fraction: 'upcycling', grams: 100n }],
          lossGrams: 0n,
          completedAt,
        }),
      GrpcStatus.ALREADY_EXISTS,
      'outputs[0].lotId',
      'Conflict',
    );
  });

  it('fails unknown nodes, lots, runs and receipts with NOT_FOUND', async () => {
    await expectFailure(
      () =>
        client.completeSortingRun({
          runId: 'RUN-GNONE',
          centreId: 'SC-SNEEK',
          inputs: [{ nodeId: 'B-NEVER', grams: 1n }],
          outputs: [{ lotId: 'L-GNONE', fraction: 'upcycling', grams: 1n }],
          lossGrams: 0n,
          completedAt,
        }),
      GrpcStatus.NOT_FOUND,
      'inputs[0].nodeId',
    );
    await expectFailure(() => client.dispatchLot(aDispatch('L-NEVER', 'D-GNONE', 1n)), GrpcStatus.NOT_FOUND, 'lotId');
    await expectFailure(() => client.getLot({ lotId: 'L-NEVER' }), GrpcStatus.NOT_FOUND, 'lotId');
    await expectFailure(() => client.getSortingRun({ runId: 'RUN-NEVER' }), GrpcStatus.NOT_FOUND, 'runId');
    await expectFailure(() => client.getCentreReceipt({ receiptId: 'R-NEVER' }), GrpcStatus.NOT_FOUND, 'receiptId');
    expect(await client.getCentreStock({ centreId: 'SC-NEVER' })).toMatchObject({ centreId: 'SC-NEVER', stock: [] });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'an unspecified destination kind',
      { destination: { kind: DestinationKind.UNSPECIFIED, id: 'X' } },
      'destination.kind',
    ],
    ['no destination', { destination: undefined }, 'destination'],
    [
      'an exporter without a country',
      { destination: { kind: DestinationKind.EXPORTER, id: 'EX-1' } },
      'destination.country',
    ],
    [
      'a disposal without a method',
      { destination: { kind: DestinationKind.DISPOSAL, id: 'AVR' } },
      'destination.method',
    ],
    [
      'a method for a store',
      { destination: { kind: DestinationKind.STORE, id: 'ST-1', method: DisposalMethod.LANDFILL } },
      'destination.method',
    ],
    ['negative grams', { grams: -1n }, 'grams'],
    ['zero grams', { grams: 0n }, 'grams'],
    ['no dispatch time', { dispatchedAt: undefined }, 'dispatchedAt'],
    ['an empty dispatch id', { dispatchId: '' }, 'dispatchId'],
  ])('fails a dispatch with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await expectFailure(
      () => client.dispatchLot({ ...aDispatch('L-GBAD', 'D-GBAD', 1n), ...overrides }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
      'InvalidInput',
    );
  });

  it.each([
    ['an unknown fraction', { outputs: [{ lotId: 'L-X', fraction: 'reuse.gold', grams: 1n }] }, 'outputs[0].fraction'],
    ['negative loss', { lossGrams: -1n }, 'lossGrams'],
    ['no inputs', { inputs: [] }, 'inputs'],
    ['no completion time', { completedAt: undefined }, 'completedAt'],
  ])('fails a run with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await expectFailure(
      () =>
        client.completeSortingRun({
          runId: 'RUN-GBAD',
          centreId: 'SC-SNEEK',
          inputs: [{ nodeId: 'B-X', grams: 1n }],
          outputs: [{ lotId: 'L-X', fraction: 'upcycling', grams: 1n }],
          lossGrams: 0n,
          completedAt,
          ...overrides,
        }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
    );
  });

  it('fails a receipt with negative grams, without a time or with an unrepresentable one as INVALID_ARGUMENT', async () => {
    await expectFailure(
      () => client.receiveNodeAtCentre({ nodeId: 'B-X', centreId: 'SC-SNEEK', grams: -5n, receivedAt }),
      GrpcStatus.INVALID_ARGUMENT,
      'grams',
    );
    await expectFailure(
      () => client.receiveNodeAtCentre({ nodeId: 'B-X', centreId: 'SC-SNEEK', grams: 5n }),
      GrpcStatus.INVALID_ARGUMENT,
      'receivedAt',
    );
    await expectFailure(
      () =>
        client.receiveNodeAtCentre({
          nodeId: 'B-X',
          centreId: 'SC-SNEEK',
          grams: 5n,
          receivedAt: { seconds: 10n ** 15n },
        }),
      GrpcStatus.INVALID_ARGUMENT,
      'receivedAt',
    );
  });

  it('lets exactly one of two dispatches racing for the last grams win', async () => {
    const [lot] = await aSortedBatch('GRACE');
    const results = await Promise.allSettled([
      client.dispatchLot(aDispatch(lot, 'D-GRACE-a', 6_000n)),
      client.dispatchLot(aDispatch(lot, 'D-GRACE-b', 6_000n)),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((result) => result.status === 'rejected');
    expect((lost?.reason as ServiceError).code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect((await client.getLot({ lotId: lot })).lot?.availableGrams).toBe(0n);
  });
});
