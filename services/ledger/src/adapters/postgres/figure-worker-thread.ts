import { Worker } from 'node:worker_threads';
import type { LedgerStorage } from '../../app/ledger-storage.ts';
import type {
  FigureWorkerAnswer,
  FigureWorkerData,
  FigureWorkerResult,
  FigureWorkerTask,
} from './figure-worker-protocol.ts';

/** The figure work of a {@link LedgerStorage}, done on a thread of its own. */
export type FigureWork = Pick<
  LedgerStorage,
  'refreshFigures' | 'countDirtyNodes' | 'analyzeIfGrown' | 'analyzeGrownTables'
> & {
  /** Closes the thread's connections and ends it; a refresh in hand rolls back whole. */
  close(): Promise<void>;
};

export interface FigureWorkerOptions extends FigureWorkerData {
  /** The thread's V8 old space, in MiB (default 384, as the ledger process's own). */
  readonly maxOldSpaceMb?: number;
}

type Pending = { resolve: (result: FigureWorkerResult) => void; reject: (error: Error) => void };

/**
 * Runs the figure work (refreshing derived figures, counting dirty nodes, keeping statistics current) on a worker
 * thread with its own database connections, so its computation never holds up the event loop that answers queries
 * and applies events. The thread starts on first use and again after it died (its pending requests fail, and the
 * refresher retries), so one crash of the figures never stops the ledger.
 */
export function startFigureWorker(options: FigureWorkerOptions): FigureWork {
  const data: FigureWorkerData = { connectionString: options.connectionString, schema: options.schema };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | undefined;

  const failAll = (error: Error): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const thread = (): Worker => {
    if (worker !== undefined) return worker;
    const started = new Worker(new URL('./figure-worker.ts', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldSpaceMb ?? 384 },
    });
    started.on('message', (answer: FigureWorkerAnswer) => {
      const waiting = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.ok) waiting?.resolve(answer.result);
      else waiting?.reject(new Error(answer.message));
    });
    started.on('error', (error: unknown) => failAll(error instanceof Error ? error : new Error(String(error))));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`the figure worker stopped (exit code ${code})`));
    });
    worker = started;
    return started;
  };
  const ask = (task: FigureWorkerTask): Promise<FigureWorkerResult> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      thread().postMessage({ ...task, id });
    });
  const count = async (op: 'countDirtyNodes'): Promise<number> => {
    const result = await ask({ op });
    if (typeof result !== 'number') throw new Error(`the figure worker answered ${op} with no count`);
    return result;
  };

  return {
    async refreshFigures(refresh = {}) {
      const result = await ask(
        refresh.maxNodes === undefined ? { op: 'refresh' } : { op: 'refresh', maxNodes: refresh.maxNodes },
      );
      if (result === null || typeof result === 'number') throw new Error('the figure worker answered no refresh');
      return result;
    },
    countDirtyNodes: () => count('countDirtyNodes'),
    async analyzeIfGrown() {
      await ask({ op: 'analyzeIfGrown' });
    },
    async analyzeGrownTables() {
      await ask({ op: 'analyzeGrownTables' });
    },
    async close() {
      const running = worker;
      if (running === undefined) return;
      await ask({ op: 'close' }).catch(() => undefined);
      await running.terminate();
    },
  };
}

/** `storage` with its figure work done by `work`, when there is one. */
export function withFigureWork(storage: LedgerStorage, work: FigureWork | undefined): LedgerStorage {
  if (work === undefined) return storage;
  return {
    ...storage,
    refreshFigures: (options) => work.refreshFigures(options),
    countDirtyNodes: () => work.countDirtyNodes(),
    analyzeIfGrown: () => work.analyzeIfGrown(),
    analyzeGrownTables: () => work.analyzeGrownTables(),
  };
}
