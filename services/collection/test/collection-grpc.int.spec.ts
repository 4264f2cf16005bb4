import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { status, type ServiceError } from '@grpc/grpc-js';
import { BatchCollectedSchema, CollectionService, ContainerChannel } from '@vezel/contracts';
import { GrpcStatus } from '@vezel/errors';
import { createGrpcClient, ERROR_KIND_METADATA_KEY, FIELD_METADATA_KEY, type GrpcClient } from '@vezel/rpc';
import type { Queryable } from '@vezel/db';
import { eventually } from '@vezel/testing';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeAs,
  expectCloudEventHeaders,
  startCollectionTestService,
  type CollectionTestService,
} from './collection-test-service.ts';

describe('collection over gRPC, against real PostgreSQL and Kafka', () => {
  let service: CollectionTestService;
  let client: GrpcClient<typeof CollectionService>;

  beforeAll(async () => {
    service = await startCollectionTestService({ label: 'collection_grpc' });
    client = createGrpcClient(CollectionService, service.grpcAddress);
  });
  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  const collectedAt = timestampFromDate(new Date('2026-03-02T07:30:00+01:00'));
  const shippedAt = timestampFromDate(new Date('2026-03-02T11:00:00+01:00'));

  async function aContainer(containerId: string): Promise<void> {
    await client.registerContainer({ containerId, municipality: 'GM0150', channel: ContainerChannel.STREET_CONTAINER });
  }

  async function aBatch(batchId: string, grams: bigint): Promise<void> {
    await aContainer(`C-${batchId}`);
    await client.collectBatch({ batchId, containerId: `C-${batchId}`, grams, collectedAt });
  }

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

  it('registers a container, collects and ships a batch, and reads them back', async () => {
    const registered = await client.registerContainer({
      containerId: 'C-G1',
      municipality: 'GM0193',
      channel: ContainerChannel.STORE_DROP_OFF,
      location: { address: 'Grote Markt 1, Zwolle' },
    });
    expect(registered.event).toMatchObject({
      containerId: 'C-G1',
      municipality: 'GM0193',
      channel: ContainerChannel.STORE_DROP_OFF,
    });

    const collected = await client.collectBatch({ batchId: 'B-G1', containerId: 'C-G1', grams: 800_000n, collectedAt });
    expect(collected.event).toMatchObject({ batchId: 'B-G1', municipality: 'GM0193', grams: 800_000n });

    const shipped = await client.shipBatch({
      batchId: 'B-G1',
      shipmentId: 'S-G1',
      centreId: 'SC-SNEEK',
      grams: 300_000n,
      shippedAt,
    });
    expect(shipped.event).toMatchObject({ shipmentId: 'S-G1', containerId: 'C-G1', grams: 300_000n });
    expect(shipped.event?.transportKm).toBeUndefined();

    const { container } = await client.getContainer({ containerId: 'C-G1' });
    expect(container).toMatchObject({ containerId: 'C-G1', location: { address: 'Grote Markt 1, Zwolle' } });
    const { batch } = await client.getBatch({ batchId: 'B-G1' });
    expect(batch).toMatchObject({ grams: 800_000n, unshippedGrams: 500_000n });
    expect(batch?.shipments.map((shipment) => shipment.shipmentId)).toEqual(['S-G1']);

    const events = await service.eventsOn('B-G1', 2);
    expectCloudEventHeaders(events[0]!, {
      type: 'vezel.collection.v1.BatchCollected',
      subject: 'B-G1',
      time: '2026-03-02T06:30:00.000Z',
    });
    expect(decodeAs(BatchCollectedSchema, events[0]!)).toMatchObject({ batchId: 'B-G1', grams: 800_000n });
  });

  it('replays a repeated command with the original event; the same id with another body is ALREADY_EXISTS', async () => {
    await aBatch('B-GREPLAY', 1_000n);
    const first = await client.shipBatch({
      batchId: 'B-GREPLAY',
      shipmentId: 'S-GR',
      centreId: 'SC-1',
      grams: 10n,
      shippedAt,
    });
    const before = await service.rowCounts();
    const again = await client.shipBatch({
      batchId: 'B-GREPLAY',
      shipmentId: 'S-GR',
      centreId: 'SC-1',
      grams: 10n,
      shippedAt,
    });
    expect(again).toEqual(first);
    expect(await service.rowCounts()).toEqual(before);

    await expectFailure(
      () => client.shipBatch({ batchId: 'B-GREPLAY', shipmentId: 'S-GR', centreId: 'SC-1', grams: 11n, shippedAt }),
      GrpcStatus.ALREADY_EXISTS,
      'shipmentId',
      'Conflict',
    );
  });

  it('recognises a command sent over HTTP and repeated over gRPC as a replay', async () => {
    await aContainer('C-CROSS');
    const overHttp = await service.post('/v1/collection/batches', {
      batchId: 'B-CROSS',
      containerId: 'C-CROSS',
      grams: 5_000,
      collectedAt: '2026-03-02T07:30:00+01:00',
    });
    expect(overHttp.status).toBe(201);
    const before = await service.rowCounts();
    const overGrpc = await client.collectBatch({
      batchId: 'B-CROSS',
      containerId: 'C-CROSS',
      grams: 5_000n,
      collectedAt,
    });
    expect(overGrpc.event).toMatchObject({ batchId: 'B-CROSS', grams: 5_000n });
    expect(await service.rowCounts()).toEqual(before);
  });

  it('fails shipping more than the unshipped grams with FAILED_PRECONDITION', async () => {
    await aBatch('B-GOVER', 100n);
    await expectFailure(
      () => client.shipBatch({ batchId: 'B-GOVER', shipmentId: 'S-GO', centreId: 'SC-1', grams: 101n, shippedAt }),
      GrpcStatus.FAILED_PRECONDITION,
      'grams',
      'MassNotConserved',
    );
  });

  it('fails unknown batches and containers with NOT_FOUND', async () => {
    await expectFailure(
      () => client.shipBatch({ batchId: 'B-NONE', shipmentId: 'S-N', centreId: 'SC-1', grams: 1n, shippedAt }),
      GrpcStatus.NOT_FOUND,
      'batchId',
    );
    await expectFailure(
      () => client.collectBatch({ batchId: 'B-ORPHAN', containerId: 'C-NONE', grams: 1n, collectedAt }),
      GrpcStatus.NOT_FOUND,
      'containerId',
    );
    await expectFailure(() => client.getBatch({ batchId: 'B-NONE' }), GrpcStatus.NOT_FOUND, 'batchId');
    await expectFailure(() => client.getContainer({ containerId: 'C-NONE' }), GrpcStatus.NOT_FOUND, 'containerId');
  });

  it.each([
    [
      'an unspecified channel',
      () => ({ containerId: 'C-X', municipality: 'GM0150', channel: ContainerChannel.UNSPECIFIED }),
      'channel',
    ],
    [
      'a bad municipality code',
      () => ({ containerId: 'C-X', municipality: 'GM15', channel: ContainerChannel.DOOR_TO_DOOR }),
      'municipality',
    ],
    [
      'an empty id',
      () => ({ containerId: '', municipality: 'GM0150', channel: ContainerChannel.DOOR_TO_DOOR }),
      'containerId',
    ],
  ])('fails a registration with %s as INVALID_ARGUMENT', async (_name, request, field) => {
    await expectFailure(() => client.registerContainer(request()), GrpcStatus.INVALID_ARGUMENT, field, 'InvalidInput');
  });

  it.each([
    ['negative grams', { grams: -1n }, 'grams'],
    ['zero grams', { grams: 0n }, 'grams'],
    ['no collection time', { collectedAt: undefined }, 'collectedAt'],
  ])('fails a collection with %s as INVALID_ARGUMENT', async (_name, overrides, field) => {
    await aContainer('C-GBAD');
    await expectFailure(
      () => client.collectBatch({ batchId: 'B-GBAD', containerId: 'C-GBAD', grams: 1n, collectedAt, ...overrides }),
      GrpcStatus.INVALID_ARGUMENT,
      field,
    );
  });

  it('lets exactly one of two shipments racing for the last grams win', async () => {
    await aBatch('B-GRACE', 700n);
    const results = await Promise.allSettled([
      client.shipBatch({ batchId: 'B-GRACE', shipmentId: 'S-GRACE-a', centreId: 'SC-1', grams: 700n, shippedAt }),
      client.shipBatch({ batchId: 'B-GRACE', shipmentId: 'S-GRACE-b', centreId: 'SC-1', grams: 700n, shippedAt }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((result) => result.status === 'rejected');
    expect((lost?.reason as ServiceError).code).toBe(GrpcStatus.FAILED_PRECONDITION);
    const { batch } = await client.getBatch({ batchId: 'B-GRACE' });
    expect(batch?.unshippedGrams).toBe(0n);
  });

  it('records nothing for a command whose deadline passed while it waited, though it could go on once unblocked', async () => {
    await aContainer('C-LATE');
    const before = await service.rowCounts();
    const deadlineMs = 500;
    const busyInThisDatabase = async (condition: string, db: Queryable = service.db): Promise<number> => {
      // A transaction keeps its first look at pg_stat_activity until it ends, so each look starts afresh.
      await db.query('select pg_stat_clear_snapshot()');
      const { rows } = await db.query<{ busy: bigint }>(
        `select count(*) as busy from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and ${condition}`,
      );
      return Number(rows[0]!.busy);
    };
    // Another transaction holds the table every command writes its id to, so the command waits past its deadline.
    const error = await service.db.transaction(async (tx) => {
      await tx.query('lock table processed_commands in exclusive mode');
      const call = client
        .collectBatch(
          { batchId: 'B-LATE', containerId: 'C-LATE', grams: 1_000n, collectedAt },
          { timeoutMs: deadlineMs },
        )
        .then(
          () => expect.fail('the call succeeded'),
          (failure: unknown) => failure as ServiceError,
        );
      let settled = false;
      void call.finally(() => (settled = true));
      await eventually(async () => settled || (await busyInThisDatabase(`wait_event_type = 'Lock'`, tx)) === 1, {
        description: 'the command waits for the lock',
      });
      // A busy machine can take the whole deadline before the server runs the command; then this proves nothing.
      expect(settled, 'the call ended before its command reached the lock').toBe(false);
      // The server started the call's clock when the call arrived, before this moment and after the client started
      // its own: the client gives up first. Unblocking as soon as it does would race the server's deadline, so the
      // lock is held until the server's deadline has surely passed too (its timer runs in this process, due sooner).
      const serverDeadlinePassed = Date.now() + deadlineMs + 20;
      const failure = await call;
      await delay(Math.max(0, serverDeadlinePassed - Date.now()));
      return failure;
    });
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);

    // The lock is gone: the command's transaction runs to its end, and must roll back rather than commit.
    await eventually(
      async () =>
        (await busyInThisDatabase(`state in ('active', 'idle in transaction', 'idle in transaction (aborted)')`)) === 0,
      { description: "the late command's transaction ended" },
    );
    expect(await service.rowCounts()).toEqual(before);
  });
});
