import { Worker } from 'node:worker_threads';
import type { LedgerStorage } from '../../app/ledger-storage.ts';
import { FigureWorkOutOfMemoryError, FigureWorkRestingError } from '../../app/figure-work-errors.ts';
import type {
  FigureWorkerAnswer,
  FigureWorkerData,
  FigureWorkerResult,
  FigureWorkerTask,
} from './figure-worker-protocol.ts';

/** The figure work of a {@link LedgerStorage} in one schema, done on the figure thread. */
export type FigureWork = Pick<
  LedgerStorage,
  'refreshFigures' | 'countDirtyNodes' | 'countFigureBacklog' | 'analyzeIfGrown' | 'analyzeGrownTables'
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
  /**
   * The thread's V8 old space, in MiB (default 192, as the start script gives the main thread: two refreshes' graphs,
   * and little else). A heap flag given to the process overrides it.
   */
  readonly maxOldSpaceMb?: number;
}

type Pending = { resolve: (result: FigureWorkerResult) => void; reject: (error: Error) => void };

/** How long `close` waits for the thread to close its connections before it ends the thread anyway. */
const CLOSE_TIMEOUT_MS = 5_000;
/**
 * The rest after the thread died, doubling with each death in a row, so a chunk that always kills it (its heap is
 * too small for it) cannot restart it in a tight loop.
 */
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 60_000;

/**
 * Runs the figure work (refreshing derived figures, counting dirty nodes, keeping statistics current) on one worker
 * thread with its own database connections, so its computation never holds up the event loop that answers queries
 * and applies events. Requests of every schema run as they come, overlapping their waits on the database. The thread
 * starts on first use and again after it died: its pending requests fail, requests within the restart delay fail
 * at once (the refresher retries later), and the delay doubles with each death in a row, up to a minute.
 */
export function startFigureThread(options: FigureThreadOptions): FigureThread {
  const data: FigureWorkerData = { connectionString: options.connectionString };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | undefined;
  let closed = false;
  let deathsInARow = 0;
  let restartAt = 0;
  const schemasInUse = new Set<string>();

  const failAll = (error: Error): void => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const thread = (): Worker => {
    if (worker !== undefined) return worker;
    const started = new Worker(new URL('./figure-worker.ts', import.meta.url), {
      workerData: data,
      // What the start script gives the main thread. A heap flag on the command line (or in NODE_OPTIONS) overrides
      // these for the thread as well: Node applies it to every isolate.
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldSpaceMb ?? 192, maxYoungGenerationSizeMb: 48 },
    });
    started.on('message', (answer: FigureWorkerAnswer) => {
      const waiting = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.ok) {
        deathsInARow = 0;
        waiting?.resolve(answer.result);
      } else {
        waiting?.reject(Object.assign(new Error(answer.message), { name: answer.name, code: answer.code }));
      }
    });
    // A refresh too large for the thread's heap kills the thread: the loops are told so, and take smaller ones.
    started.on('error', (error: unknown) =>
      failAll(
        isOutOfMemory(error)
          ? new FigureWorkOutOfMemoryError(error)
          : error instanceof Error
            ? error
            : new Error(String(error)),
      ),
    );
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      if (!closed) {
        deathsInARow += 1;
        restartAt = Date.now() + Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (deathsInARow - 1));
      }
      failAll(new Error(`the figure thread stopped (exit code ${code})`));
    });
    worker = started;
    return started;
  };
  const ask = (task: FigureWorkerTask): Promise<FigureWorkerResult> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new Error('the figure thread is closed'));
        return;
      }
      if (worker === undefined && Date.now() < restartAt) {
        reject(new FigureWorkRestingError(deathsInARow, restartAt - Date.now()));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      thread().postMessage({ ...task, id });
    });

  return {
    workOn(schema) {
      schemasInUse.add(schema);
      return {
        async refreshFigures(refresh = {}) {
          const result = await ask({ schema, op: 'refresh', options: refresh });
          if (result === null || typeof result === 'number' || !('lookedUp' in result)) {
            throw new Error('the figure thread answered no refresh');
          }
          return result;
        },
        async countDirtyNodes() {
          const result = await ask({ schema, op: 'countDirtyNodes' });
          if (typeof result !== 'number') throw new Error('the figure thread answered no count');
          return result;
        },
        async countFigureBacklog() {
          const result = await ask({ schema, op: 'countFigureBacklog' });
          if (result === null || typeof result !== 'object' || !('batchesPending' in result)) {
            throw new Error('the figure thread answered no backlog');
          }
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
      if (worker !== undefined) {
        // Connections closed in turn, after any refresh in hand; a thread that takes too long is ended anyway.
        const releases = [...schemasInUse].map((schema) => ask({ schema, op: 'release' }).catch(() => undefined));
        let timer: NodeJS.Timeout | undefined;
        const tooLong = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        });
        await Promise.race([Promise.all(releases), tooLong]);
        clearTimeout(timer);
      }
      closed = true;
      await worker?.terminate();
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
    countFigureBacklog: () => work.countFigureBacklog(),
    analyzeIfGrown: () => work.analyzeIfGrown(),
    analyzeGrownTables: () => work.analyzeGrownTables(),
  };
}

function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}
