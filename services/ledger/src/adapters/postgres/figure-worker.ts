// The figure worker: a thread of the ledger process that computes derived figures with connections of its own, so
// the process's event loop (queries, the feed, the consumer) never waits on the figures' computation.
import { parentPort, workerData } from 'node:worker_threads';
import { createPgDb, type Db } from '@vezel/db';
import type { LedgerStorage } from '../../app/ledger-storage.ts';
import type { FigureWorkerData, FigureWorkerRequest, FigureWorkerResult } from './figure-worker-protocol.ts';
import { createPgLedgerStorage } from './pg-ledger-storage.ts';

const port = parentPort;
if (port === null) throw new Error('figure-worker.ts runs as a worker thread');
const { connectionString } = workerData as FigureWorkerData;
const schemas = new Map<string, { readonly db: Db; readonly storage: LedgerStorage }>();

function storageOf(schema: string): LedgerStorage {
  let opened = schemas.get(schema);
  if (opened === undefined) {
    const db = createPgDb({ connectionString, schema, applicationName: 'vezel-ledger-figures' });
    opened = { db, storage: createPgLedgerStorage(db) };
    schemas.set(schema, opened);
  }
  return opened.storage;
}

async function answer(request: FigureWorkerRequest): Promise<FigureWorkerResult> {
  switch (request.op) {
    case 'refresh':
      return storageOf(request.schema).refreshFigures(request.options);
    case 'countDirtyNodes':
      return storageOf(request.schema).countDirtyNodes();
    case 'countFigureBacklog':
      return storageOf(request.schema).countFigureBacklog();
    case 'analyzeIfGrown':
      await storageOf(request.schema).analyzeIfGrown();
      return null;
    case 'analyzeGrownTables':
      await storageOf(request.schema).analyzeGrownTables();
      return null;
    case 'release': {
      const opened = schemas.get(request.schema);
      schemas.delete(request.schema);
      await opened?.db.close();
      return null;
    }
  }
}

// Requests run as they come, as on the ledger thread before: a rebuild's chunks and the live refresher's overlap their
// waits on the database instead of queueing behind each other.
port.on('message', (request: FigureWorkerRequest) => {
  answer(request).then(
    (result) => port.postMessage({ id: request.id, ok: true, result }),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, ...describe(error) }),
  );
});

/** What survives the trip to the ledger thread of an error: its name, message and code (a SQLSTATE, say). */
function describe(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}
