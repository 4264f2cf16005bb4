import { createPgliteDb, migrate, type Db } from '@vezel/db';
import { loadServiceMigrations } from '@vezel/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecyclingOutboxMessages } from '../src/adapters/messaging/recycling-outbox-messages.ts';
import { createPgProcessorStockStore } from '../src/adapters/postgres/pg-processor-stock-store.ts';
import { createPgRecyclingRecords } from '../src/adapters/postgres/pg-recycling-records.ts';
import { findTakenNodeIds } from '../src/adapters/postgres/pg-taken-node-ids.ts';
import { createRecyclingApplication, type RecyclingApplication } from '../src/app/recycling-application.ts';

// The embedded `npm start` runs every service on PGlite: the same SQL (arrays, unnest with ordinality, upserts) must
// work there as on the PostgreSQL server.
describe('recycling on PGlite, the embedded database', () => {
  let db: Db;
  let application: RecyclingApplication;

  beforeAll(async () => {
    db = await createPgliteDb();
    await migrate(db, await loadServiceMigrations(new URL('../migrations/', import.meta.url)));
    application = createRecyclingApplication({
      db,
      stores: { stock: createPgProcessorStockStore(), takenNodeIds: findTakenNodeIds },
      records: createPgRecyclingRecords(),
      toMessage: createRecyclingOutboxMessages(),
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('receives, runs, disposes of and reads back, with the events in the outbox', async () => {
    await application.receiveLot({
      lotId: 'L-1',
      processorId: 'P-1',
      grams: 1_000n,
      receivedAt: new Date('2026-03-10T08:00:00Z'),
    });
    await application.receiveLot({
      lotId: 'L-2',
      processorId: 'P-1',
      grams: 500n,
      receivedAt: new Date('2026-03-10T08:00:00Z'),
      deliveryId: 'D-2',
    });
    const run = await application.completeProcessingRun({
      runId: 'RUN-1',
      processorId: 'P-1',
      inputs: [
        { nodeId: 'L-1', grams: 1_000n },
        { nodeId: 'L-2', grams: 200n },
      ],
      outputs: [
        { productId: 'FIBRE-1', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 800n },
        { productId: 'BAG-1', outcome: 'upcycling', productKind: 'bag', grams: 300n },
      ],
      lossGrams: 100n,
      completedAt: new Date('2026-03-11T17:00:00Z'),
    });
    await application.disposeNode({
      disposalId: 'DISP-1',
      processorId: 'P-1',
      nodeId: 'L-2',
      grams: 300n,
      method: 'landfill',
      disposedAt: new Date('2026-03-12T09:00:00Z'),
    });

    const { type: _type, ...recorded } = run.result;
    expect(await application.getRun('RUN-1')).toEqual(recorded);
    expect(await application.getProduct('BAG-1')).toMatchObject({ runId: 'RUN-1', processorId: 'P-1', grams: 300n });
    expect(await application.getProcessorStock('P-1')).toEqual({ processorId: 'P-1', stock: [] });
    await expect(
      application.completeProcessingRun({
        runId: 'RUN-2',
        processorId: 'P-2',
        inputs: [{ nodeId: 'L-1', grams: 1n }],
        outputs: [{ productId: 'BAG-1', outcome: 'upcycling', productKind: 'bag', grams: 1n }],
        lossGrams: 0n,
        completedAt: new Date('2026-03-11T17:00:00Z'),
      }),
    ).rejects.toMatchObject({ kind: 'NotFound', field: 'inputs[0].nodeId' });
    const { rows } = await db.query<{ key: string }>(`select key from outbox order by id`);
    expect(rows.map((row) => row.key)).toEqual(['L-1', 'L-2', 'L-1', 'L-2']);
  });
});
