import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceError } from '@grpc/grpc-js';
import { DisposalMethod, ProcessingRunCompletedSchema, RecyclingService } from '@vezel/contracts';
import { GrpcStatus } from '@vezel/errors';
import { createGrpcClient, ERROR_KIND_METADATA_KEY, FIELD_METADATA_KEY, type GrpcClient } from '@vezel/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeAs,
  expectCloudEventHeaders,
  startRecyclingTestService,
  type RecyclingTestService,
} from './recycling-test-service.ts';

describe('recycling over gRPC, against real PostgreSQL and Kafka', () => {
  let service: RecyclingTestService;
  let client: GrpcClient<typeof RecyclingService>;

  beforeAll(async () => {
    service = await startRecyclingTestService({ label: 'recycling_grpc' });
    client = createGrpcClient(RecyclingService, service.grpcAddress);
  });
  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  const receivedAt = timestampFromDate(new Date('2026-03-10T08:00:00+01:00'));
  const completedAt = timestampFromDate(new Date('2026-03-11T17:00:00+01:00'));
  const disposedAt = timestampFromDate(new Date('2026-03-12T09:00:00+01:00'));

  async function aReceivedLot(lotId: string, grams: bigint, processorId = 'P-G'): Promise<void> {
    await client.receiveLotAtProcessor({ receiptId: `R-${lotId}`, lotId, processorId, grams, receivedAt });
  }

  /** A run consuming all `grams` of `lotId` into one product, 10 % lost. */
  const aRun = (runId: string, lotId: string, grams: bigint, overrides: Record<string, unknown> = {}) => ({
    runId,
    processorId: 'P-G',
    inputs: [{ nodeId: lotId, grams }],
    outputs: [
      { productId: `PROD-${runId}`, outcome: 'recycling.open-loop', productKind: 'wipers', grams: (grams * 9n) / 10n },
    ],
    lossGrams: grams - (grams * 9n) / 10n,
    completedAt,
    ...overrides,
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

  it('receives a lot, runs it, disposes of the rest, and reads everything back', async () => {
    const received = await client.receiveLotAtProcessor({
      lotId: 'L-G1',
      processorId: 'P-G1',
      grams: 2_000n,
      receivedAt,
      deliveryId: 'D-G1',
    });
    expect(received.event).toMatchObject({ lotId: 'L-G1', processorId: 'P-G1', grams: 2_000n, deliveryId: 'D-G1' });
    expect(received.event?.receiptId).toMatch(/^rcpt-[0-9a-f]{32}$/);

    const run = await client.completeProcessingRun({
      runId: 'RUN-G1',
      processorId: 'P-G1',
      inputs: [{ nodeId: 'L-G1', grams: 1_500n }],
      outputs: [
        { productId: 'FIBRE-G1', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 1_000n },
        { productId: 'FELT-G1', outcome: 'recycling.open-loop', productKind: 'insulation felt', grams: 400n },
      ],
      lossGrams: 100n,
      completedAt,
    });
    expect(run.event?.outputs.map((output) => output.productId)).toEqual(['FIBRE-G1', 'FELT-G1']);

    const disposed = await client.disposeNode({
      disposalId: 'DISP-G1',
      processorId: 'P-G1',
      nodeId: 'L-G1',
      grams: 200n,
      method: DisposalMethod.INCINERATION,
      disposedAt,
    });
    expect(disposed.event).toMatchObject({ disposalId: 'DISP-G1', grams: 200n, method: DisposalMethod.INCINERATION });

    expect((await client.getProcessorReceipt({ receiptId: received.event!.receiptId })).receipt).toEqual(
      received.event,
    );
    expect((await client.getProcessingRun({ runId: 'RUN-G1' })).run).toEqual(run.event);
    expect((await client.getDisposal({ disposalId: 'DISP-G1' })).disposal).toEqual(disposed.event);
    const stock = await client.getProcessorStock({ processorId: 'P-G1' });
    expect(stock.processorId).toBe('P-G1');
    expect(stock.stock.map((line) => [line.nodeId, line.grams])).toEqual([['L-G1', 300n]]);

    const events = await service.eventsOn('L-G1', 3);
    expect(events.map((event) => event.headers['ce_type'])).toEqual([
      'vezel.recycling.v1.LotReceivedByProcessor',
      'vezel.recycling.v1.ProcessingRunCompleted',
      'vezel.recycling.v1.NodeDisposed',
    ]);
    expectCloudEventHeaders(events[1]!, {
      type: 'vezel.recycling.v1.ProcessingRunCompleted',
      subject: 'L-G1',
      time: '2026-03-11T16:00:00.000Z',
    });
    expect(decodeAs(ProcessingRunCompletedSchema, events[1]!)).toEqual(run.event);
  });

  it('replays a repeated command with the original event; the same id with another body is ALREADY_EXISTS', async () => {
    await aReceivedLot('L-GREPLAY', 1_000n);
    const first = await client.completeProcessingRun(aRun('RUN-GREPLAY', 'L-GREPLAY', 1_000n));
    const before = await service.rowCounts();
    const again = await client.completeProcessingRun(aRun('RUN-GREPLAY', 'L-GREPLAY', 1_000n));
    expect(again).toEqual(first);
    expect(await service.rowCounts()).toEqual(before);

    await expectFailure(
      () =>
        client.completeProcessingRun(
          aRun('RUN-GREPLAY', 'L-GREPLAY', 1_000n, {
            lossGrams: 99n,
            outputs: [{ productId: 'X', outcome: 'upcycling', productKind: 'bag', grams: 901n }],
          }),
        ),
      GrpcStatus.ALREADY_EXISTS,
      'runId',
      'Conflict',
    );
  });

  it('recognises a receipt sent over HTTP and repeated over gRPC as a replay, with or without its id', async () => {
    const overHttp = await service.post('/v1/recycling/receipts', {
      lotId: 'L-CROSS',
      processorId: 'P-G',
      grams: 5_000,
      receivedAt: '2026-03-10T08:00:00+01:00',
    });
    expect(overHttp.status).toBe(201);
    const before = await service.rowCounts();
    const overGrpc = await client.receiveLotAtProcessor({
      lotId: 'L-CROSS',
      processorId: 'P-G',
      grams: 5_000n,
      receivedAt,
    });
    expect(overGrpc.event?.receiptId).toBe(overHttp.body['receiptId']);
    expect(await service.rowCounts()).toEqual(before);
  });

  it('fails an unbalanced run, or one consuming more than held, with FAILED_PRECONDITION', async () => {
    await aReceivedLot('L-GOVER', 100n);
    await expectFailure(
      () => client.completeProcessingRun(aRun('RUN-GUNBALANCED', 'L-GOVER', 100n, { lossGrams: 11n })),
      GrpcStatus.FAILED_PRECONDITION,
      'lossGrams',
      'MassNotConserved',
    );
    await expectFailure(
      () => client.completeProcessingRun(aRun('RUN-GOVER', 'L-GOVER', 101n)),
      GrpcStatus.FAILED_PRECONDITION,
      'inputs[0].grams',
      'MassNotConserved',
    );
    await expectFailure(
      () =>
        client.disposeNode({
          disposalId: 'DISP-GOVER',
          processorId: 'P-G',
          nodeId: 'L-GOVER',
          grams: 101n,
          method: DisposalMethod.LANDFILL,
          disposedAt,
        }),
      GrpcStatus.FAILED_PRECONDITION,
      'grams',
    );
  });

  it('fails a product id that is already taken with ALREADY_EXISTS naming the output', async () => {
    await aReceivedLot('L-GDUP-1', 1_000n);
    await aReceivedLot('L-GDUP-2', 1_000n, 'P-G2');
    await client.completeProcessingRun(aRun('RUN-GDUP-1', 'L-GDUP-1', 1_000n));
    await expectFailure(
      () =>
        client.completeProcessingRun(
          aRun('RUN-GDUP-2', 'L-GDUP-2', 1_000n, {
            processorId: 'P-G2',
            outputs: [{ productId: 'PROD-RUN-GDUP-1', outcome: 'upcycling', productKind: 'bag', grams: 900n }],
          }),
        ),
      GrpcStatus.ALREADY_EXISTS,
      'outputs[0].productId',
      'Conflict',
    );
  });

  it('fails unknown nodes and unrecorded facts with NOT_FOUND', async () => {
    await expectFailure(
      () => client.completeProcessingRun(aRun('RUN-GNONE', 'L-GNONE', 10n)),
      GrpcStatus.NOT_FOUND,
      'inputs[0].nodeId',
    );
    await expectFailure(
      () =>
        client.disposeNode({
          disposalId: 'DISP-GNONE',
          processorId: 'P-G',
          nodeId: 'L-GNONE',
          grams: 1n,
          method: DisposalMethod.LANDFILL,
          disposedAt,
        }),
      GrpcStatus.NOT_FOUND,
      'nodeId',
    );
    await expectFailure(() => client.getProcessorReceipt({ receiptId: 'R-NONE' }), GrpcStatus.NOT_FOUND, 'receiptId');
    await expectFailure(() => client.getProcessingRun({ runId: 'RUN-NONE' }), GrpcStatus.NOT_FOUND, 'runId');
    await expectFailure(() => client.getDisposal({ disposalId: 'DISP-NONE' }), GrpcStatus.NOT_FOUND, 'disposalId');
    expect((await client.getProcessorStock({ processorId: 'P-NOBODY' })).stock).toEqual([]);
  });

  it.each([
    ['negative grams', { grams: -1n }, 'grams'],
    ['zero grams', { grams: 0n }, 'grams'],
    ['no receipt time', { receivedAt: undefined }, 'receivedAt'],
    ['an empty lot id', { lotId: '' }, 'lotId'],
    ['an empty receipt id', { receiptId: '' }, 'receiptId'],
    ['a processor id longer than 128 characters', { processorId: 'P'.repeat(129) }, 'processorId'],
  ])('fails a receipt with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await expectFailure(
      () =>
        client.receiveLotAtProcessor({
          receiptId: 'R-GBAD',
          lotId: 'L-GBAD',
          processorId: 'P-G',
          grams: 1n,
          receivedAt,
          ...overrides,
        }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
      'InvalidInput',
    );
  });

  it.each([
    [
      'an unknown outcome',
      { outputs: [{ productId: 'P-X', outcome: 'recycling', productKind: 'bag', grams: 90n }] },
      'outputs[0].outcome',
    ],
    ['negative input grams', { inputs: [{ nodeId: 'L-GBADRUN', grams: -100n }] }, 'inputs[0].grams'],
    ['negative loss', { lossGrams: -1n }, 'lossGrams'],
    ['no inputs', { inputs: [] }, 'inputs'],
    ['no completion time', { completedAt: undefined }, 'completedAt'],
  ])('fails a run with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await aReceivedLot('L-GBADRUN', 100n);
    await expectFailure(
      () => client.completeProcessingRun(aRun('RUN-GBAD', 'L-GBADRUN', 100n, overrides)),
      GrpcStatus.INVALID_ARGUMENT,
      field,
    );
  });

  it('fails a disposal without a method as INVALID_ARGUMENT', async () => {
    await aReceivedLot('L-GMETHOD', 100n);
    await expectFailure(
      () =>
        client.disposeNode({
          disposalId: 'DISP-GM',
          processorId: 'P-G',
          nodeId: 'L-GMETHOD',
          grams: 1n,
          method: DisposalMethod.UNSPECIFIED,
          disposedAt,
        }),
      GrpcStatus.INVALID_ARGUMENT,
      'method',
    );
  });

  it('lets exactly one of two disposals racing for the last grams win', async () => {
    await aReceivedLot('L-GRACE', 700n);
    const dispose = (disposalId: string) =>
      client.disposeNode({
        disposalId,
        processorId: 'P-G',
        nodeId: 'L-GRACE',
        grams: 700n,
        method: DisposalMethod.ENERGY_RECOVERY,
        disposedAt,
      });
    const results = await Promise.allSettled([dispose('DISP-GRACE-a'), dispose('DISP-GRACE-b')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((result) => result.status === 'rejected');
    expect((lost?.reason as ServiceError).code).toBe(GrpcStatus.FAILED_PRECONDITION);
    const { stock } = await client.getProcessorStock({ processorId: 'P-G' });
    expect(stock.find((line) => line.nodeId === 'L-GRACE')).toBeUndefined();
  });
});
