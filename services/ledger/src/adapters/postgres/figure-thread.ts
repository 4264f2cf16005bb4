import { Worker } from 'node:worker_threads';
import type { LedgerStorage } from '../../app/ledger-storage.ts';
import type {
  FigureWorkerAnswer,
  FigureWorkerData,
  FigureWorkerResult,
  FigureWorkerTask,
} from './figure-worker-protocol.ts';

/** The figure work of a {@link LedgerStorage} in one schema, done on the figure thread. */
export type FigureWork = Pick<
  LedgerStorage,
  'refreshFigures' | 'countDirtyNodes' | 'analyzeIfGrown' | 'analyzeGrownTables'
> & {
  /** Closes the thread's connections to this schema (a rebuild's, once swapped in or abandoned). */
  release(): Promise<void>;
};

/** The thread the ledger process computes its figures on. */
export interface FigureThread {
  /** The figure work of one schema (the live one, or a rebuild's). */
  workOn(schema: string): FigureWork;
  /** Closes the thread's connections and ends it; a refresh in hand rolls back whole. */
  close(): Promise<void>;
}

export interface FigureThreadOptions extends FigureWorkerData {
  /** The thread's V8 old space, in MiB (default 256: one refresh chunk's graphs, and little else). */
  readonly maxOldSpaceMb?: number;
}

type Pending = { resolve: (result: FigureWorkerResult) => void; reject: (error: Error) => void };

/**
 * Runs the figure work (refreshing derived figures, counting dirty nodes, keeping statistics current) on one worker
 * thread with its own database connections, so its computation never holds up the event loop that answers queries
 * and applies events. The thread takes requests one at a time, whichever schema they are for. It starts on first
 * use and again after it died (its pending requests fail, and the refresher retries), so one crash of the figures
 * never stops the ledger.
 */
export function startFigureThread(options: FigureThreadOptions): FigureThread {
  const data: FigureWorkerData = { connectionString: options.connectionString };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | undefined;
  const schemasInUse = new Set<string>();

  const failAll = (error: Error): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const thread = (): Worker => {
    if (worker !== undefined) return worker;
    const started = new Worker(new URL('./figure-worker.ts', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldSpaceMb ?? 256 },
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
      failAll(new Error(`the figure thread stopped (exit code ${code})`));
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

  return {
    workOn(schema) {
      schemasInUse.add(schema);
      return {
        async refreshFigures(refresh = {}) {
          const { maxNodes } = refresh;
          const result = await ask({ schema, op: 'refresh', ...(maxNodes === undefined ? {} : { maxNodes }) });
          if (result === null || typeof result === 'number') throw new Error('the figure thread answered no refresh');
          return result;
        },
        async countDirtyNodes() {
          const result = await ask({ schema, op: 'countDirtyNodes' });
          if (typeof result !== 'number') throw new Error('the figure thread answered no count');
          return result;
        },
        async analyzeIfGrown() {
          await ask({ schema, op: 'analyzeIfGrown' });
        },
        async analyzeGrownTables() {
          await ask({ schema, op: 'analyzeGrownTables' });
        },
        async release() {
          schemasInUse.delete(schema);
          if (worker !== undefined) await ask({ schema, op: 'release' });
        },
      };
    },
    async close() {
      const running = worker;
      if (running === undefined) return;
      // Connections closed in turn, after any refresh in hand; a thread that does not answer is ended anyway.
      for (const schema of schemasInUse) await ask({ schema, op: 'release' }).catch(() => undefined);
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
