import type { AggregateStore } from '@vezel/service-kit';
import {
  productIdsCreatedBy,
  productIdTakenError,
  type ProcessingRunCompleted,
  type ProcessorStock,
  type RecyclingEvent,
} from '../domain/index.ts';
import type { RecyclingStores } from './recycling-ports.ts';

/**
 * The stock store, refusing to save a run whose product ids already name a node elsewhere: the decider sees only
 * its own processor's stock, so the chain-wide half of "node ids are unique" is checked here, after the decision
 * (a run that is also unbalanced or over-consumes reports that first, as the decider orders its checks) and in the
 * same transaction as the save.
 *
 * Two runs at different processors creating the same product id at once both pass this check; the products table's
 * primary key then fails the later insert with a unique violation, the command runner re-runs it as a lost race, and
 * the re-run finds the id taken here: one success, one 409 naming the output.
 */
export function requireNewProductIds(stores: RecyclingStores): AggregateStore<ProcessorStock, RecyclingEvent> {
  return {
    load: (queryable, id, options) => stores.stock.load(queryable, id, options),
    async save(tx, change) {
      for (const event of change.events) {
        if (event.type !== 'ProcessingRunCompleted') continue;
        const productIds = productIdsCreatedBy(event);
        const taken = new Set(await stores.takenNodeIds(tx, productIds));
        const first = productIds.find((productId) => taken.has(productId));
        if (first !== undefined) throw productIdTakenError(asRunCommand(event), first);
      }
      await stores.stock.save(tx, change);
    },
  };
}

/** The run's command as the error builder takes it; only its outputs are read, which the event carries alike. */
function asRunCommand(event: ProcessingRunCompleted): Parameters<typeof productIdTakenError>[0] {
  return { ...event, type: 'CompleteProcessingRun' };
}
