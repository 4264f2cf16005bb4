// The figure worker: a thread of the ledger process that computes derived figures with connections of its own, so
// the process's event loop (queries, the feed, the consumer) never waits on the figures' computation.
import { parentPort, workerData } from 'node:worker_threads';
import { createPgDb } from '@vezel/db';
import type { FigureWorkerData, FigureWorkerRequest, FigureWorkerResult } from './figure-worker-protocol.ts';
import { createPgLedgerStorage } from './pg-ledger-storage.ts';

const port = parentPort;
if (port === null) throw new Error('figure-worker.ts runs as a worker thread');
const { connectionString, schema } = workerData as FigureWorkerData;
const db = createPgDb({ connectionString, schema, applicationName: 'vezel-ledger-figures' });
const storage = createPgLedgerStorage(db);

async function answer(request: FigureWorkerRequest): Promise<FigureWorkerResult> {
  switch (request.op) {
    case 'refresh':
      return storage.refreshFigures(request.maxNodes === undefined ? {} : { maxNodes: request.maxNodes });
    case 'countDirtyNodes':
      return storage.countDirtyNodes();
    case 'analyzeIfGrown':
      await storage.analyzeIfGrown();
      return null;
    case 'analyzeGrownTables':
      await storage.analyzeGrownTables();
      return null;
    case 'close':
      await db.close();
      return null;
  }
}

port.on('message', (request: FigureWorkerRequest) => {
  answer(request).then(
    (result) => port.postMessage({ id: request.id, ok: true, result }),
    (error: unknown) =>
      port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
