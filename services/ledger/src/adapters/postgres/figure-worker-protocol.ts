import type { FigureBacklog } from '../../app/ledger-queries.ts';
import type { FigureRefreshOptions, FigureRefreshResult } from '../../app/ledger-storage.ts';

/** Where the figure worker's own connections go: the ledger's database (each request names its schema). */
export interface FigureWorkerData {
  readonly connectionString: string;
}

/** What the figure worker is asked to do, in which schema. `release` closes that schema's connections. */
export type FigureWorkerTask = { readonly schema: string } & (
  | { readonly op: 'refresh'; readonly options: FigureRefreshOptions }
  | { readonly op: 'countDirtyNodes' | 'countFigureBacklog' | 'analyzeIfGrown' | 'analyzeGrownTables' | 'release' }
);

/** A task as sent: `id` pairs it with its answer. */
export type FigureWorkerRequest = FigureWorkerTask & { readonly id: number };

/** What a request answers: a refresh's result, a count, the backlog's counts, or nothing. */
export type FigureWorkerResult = FigureRefreshResult | FigureBacklog | number | null;

/** The figure worker's answer to one request. */
export type FigureWorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly result: FigureWorkerResult }
  | {
      readonly id: number;
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      /** The SQLSTATE or Node error code, where the error had one. */
      readonly code?: string;
    };
