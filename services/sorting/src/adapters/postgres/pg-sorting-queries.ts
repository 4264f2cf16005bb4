import { toGrams, type Grams } from '@vezel/grams';
import type { SortingQueries } from '../../app/sorting-ports.ts';
import type {
  Destination,
  DestinationKind,
  DisposalMethod,
  Fraction,
  LotDispatched,
  LotView,
  NodeReceivedAtCentre,
  StockLine,
} from '../../domain/index.ts';

interface ReceiptRow {
  receipt_id: string;
  node_id: string;
  centre_id: string;
  grams: bigint;
  received_at: Date;
  delivery_id: string | null;
}

interface LotRow {
  lot_id: string;
  run_id: string;
  centre_id: string;
  // Written from validated events only, so the column holds domain vocabulary.
  fraction: Fraction;
  grams: bigint;
  available_grams: bigint;
}

interface DispatchRow {
  dispatch_id: string;
  lot_id: string;
  centre_id: string;
  grams: bigint;
  destination_kind: DestinationKind;
  destination_id: string;
  destination_country: string | null;
  destination_method: DisposalMethod | null;
  transport_km: number | null;
  dispatched_at: Date;
}

/** The sorting service's reads, over the tables the centre-stock store writes. */
export function createPgSortingQueries(): SortingQueries {
  return {
    async creatingCentreOf(queryable, lotId) {
      const { rows } = await queryable.query<{ centre_id: string }>(`select centre_id from lots where lot_id = $1`, [
        lotId,
      ]);
      return rows[0]?.centre_id;
    },

    async takenNodeIds(queryable, nodeIds) {
      if (nodeIds.length === 0) return new Set();
      const { rows } = await queryable.query<{ node_id: string }>(
        `select lot_id as node_id from lots where lot_id = any($1::text[])
         union
         select node_id from stock_lines where node_id = any($1::text[])`,
        [[...nodeIds]],
      );
      return new Set(rows.map((row) => row.node_id));
    },

    async findReceipt(queryable, receiptId) {
      const { rows } = await queryable.query<ReceiptRow>(
        `select receipt_id, node_id, centre_id, grams, received_at, delivery_id from receipts where receipt_id = $1`,
        [receiptId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const receipt: NodeReceivedAtCentre = {
        type: 'NodeReceivedAtCentre',
        receiptId: row.receipt_id,
        nodeId: row.node_id,
        centreId: row.centre_id,
        grams: toGrams(row.grams),
        receivedAt: row.received_at,
        ...(row.delivery_id === null ? {} : { deliveryId: row.delivery_id }),
      };
      return receipt;
    },

    async findRun(queryable, runId) {
      const runs = await queryable.query<{ run_id: string; centre_id: string; loss_grams: bigint; completed_at: Date }>(
        `select run_id, centre_id, loss_grams, completed_at from runs where run_id = $1`,
        [runId],
      );
      const run = runs.rows[0];
      if (run === undefined) return undefined;
      const inputs = await queryable.query<{ node_id: string; grams: bigint }>(
        `select node_id, grams from run_inputs where run_id = $1 order by position`,
        [runId],
      );
      const outputs = await queryable.query<{ lot_id: string; fraction: Fraction; grams: bigint }>(
        `select lot_id, fraction, grams from lots where run_id = $1 order by position`,
        [runId],
      );
      return {
        type: 'SortingRunCompleted',
        runId: run.run_id,
        centreId: run.centre_id,
        inputs: inputs.rows.map((row) => ({ nodeId: row.node_id, grams: toGrams(row.grams) })),
        outputs: outputs.rows.map((row) => ({ lotId: row.lot_id, fraction: row.fraction, grams: toGrams(row.grams) })),
        lossGrams: toGrams(run.loss_grams),
        completedAt: run.completed_at,
      };
    },

    async findLot(queryable, lotId) {
      // What the creating centre holds of the lot is its stock line there: created, minus what was consumed and
      // dispatched there, plus what came back there (the domain's `evolveLotView`, kept by the stock itself).
      const lots = await queryable.query<LotRow>(
        `select lot.lot_id, lot.run_id, lot.centre_id, lot.fraction, lot.grams, coalesce(line.held_grams, 0) as available_grams
           from lots lot
           left join stock_lines line on line.centre_id = lot.centre_id and line.node_id = lot.lot_id
          where lot.lot_id = $1`,
        [lotId],
      );
      const lot = lots.rows[0];
      if (lot === undefined) return undefined;
      const dispatches = await queryable.query<DispatchRow>(
        `select dispatch_id, lot_id, centre_id, grams, destination_kind, destination_id, destination_country,
                destination_method, transport_km, dispatched_at
           from dispatches where lot_id = $1 order by seq`,
        [lotId],
      );
      const view: LotView = {
        lotId: lot.lot_id,
        runId: lot.run_id,
        centreId: lot.centre_id,
        fraction: lot.fraction,
        grams: toGrams(lot.grams),
        dispatches: dispatches.rows.map(toLotDispatched),
        availableGrams: toGrams(lot.available_grams),
      };
      return view;
    },

    async centreStock(queryable, centreId) {
      const { rows } = await queryable.query<{ node_id: string; held_grams: bigint }>(
        `select node_id, held_grams from stock_lines where centre_id = $1 and held_grams > 0 order by node_id`,
        [centreId],
      );
      return rows.map((row): StockLine => ({ nodeId: row.node_id, grams: toGrams(row.held_grams) }));
    },
  };
}

function toLotDispatched(row: DispatchRow): LotDispatched {
  const grams: Grams = toGrams(row.grams);
  return {
    type: 'LotDispatched',
    dispatchId: row.dispatch_id,
    lotId: row.lot_id,
    centreId: row.centre_id,
    grams,
    destination: toDestination(row),
    ...(row.transport_km === null ? {} : { transportKm: row.transport_km }),
    dispatchedAt: row.dispatched_at,
  };
}

function toDestination(row: DispatchRow): Destination {
  const country = row.destination_country ?? undefined;
  const withCountry = country === undefined ? {} : { country };
  switch (row.destination_kind) {
    case 'exporter':
      if (country === undefined) throw new Error(`dispatch ${row.dispatch_id} to an exporter has no country`);
      return { kind: 'exporter', id: row.destination_id, country };
    case 'disposal':
      if (row.destination_method === null) throw new Error(`dispatch ${row.dispatch_id} to disposal has no method`);
      return { kind: 'disposal', id: row.destination_id, method: row.destination_method, ...withCountry };
    case 'centre':
    case 'store':
    case 'processor':
      return { kind: row.destination_kind, id: row.destination_id, ...withCountry };
    default:
      return unknownKind(row.destination_kind);
  }
}

function unknownKind(kind: never): never {
  throw new Error(`unknown destination kind ${String(kind)}`);
}
