import { MassNotConservedError, NotFoundError } from '@vezel/errors';
import type { Grams } from '@vezel/grams';
import { hasHeld, heldGramsOf, type HolderStock } from './holder-stock.ts';

/** Who takes grams of which node, as the service names them in its errors and their details. */
export interface StockTake {
  /** The holder, e.g. `{ kind: 'store', id: 'S-1', idKey: 'storeId' }`; `idKey` names it in the error details. */
  readonly holder: { readonly kind: string; readonly id: string; readonly idKey: string };
  /** The node, e.g. `{ noun: 'lot', id: 'L-1', idKey: 'lotId', field: 'lotId' }`; `field` is the input to blame. */
  readonly node: { readonly noun: string; readonly id: string; readonly idKey: string; readonly field: string };
  readonly grams: Grams;
  /** The input field of the grams, e.g. `grams` or `inputs[2].grams`. */
  readonly gramsField: string;
}

/**
 * "Nobody consumes, dispatches, sells, donates, returns or disposes of more grams than the holder has": refuses a
 * node the holder never held (`NotFoundError` naming the node's field) and more grams than it holds of it
 * (`MassNotConservedError` naming the grams' field, with the held and requested grams in its details).
 */
export function requireHeldGrams(stock: HolderStock, take: StockTake): void {
  const { holder, node, grams } = take;
  const ids = { [holder.idKey]: holder.id, [node.idKey]: node.id };
  if (!hasHeld(stock, node.id)) {
    throw new NotFoundError(`${holder.kind} ${holder.id} has never held ${node.noun} ${node.id}`, {
      field: node.field,
      details: ids,
    });
  }
  const heldGrams = heldGramsOf(stock, node.id);
  if (grams > heldGrams) {
    throw new MassNotConservedError(
      `${holder.kind} ${holder.id} holds ${heldGrams} g of ${node.noun} ${node.id}, cannot take ${grams} g`,
      { field: take.gramsField, details: { ...ids, heldGrams, requestedGrams: grams } },
    );
  }
}

/**
 * A run's half of the rule: every input is a node the holder has held, and at most the grams it holds of it, the
 * error naming the input's line (`inputs[2].grams`).
 */
export function requireRunInputsHeld(
  stock: HolderStock,
  holder: StockTake['holder'],
  inputs: readonly { readonly nodeId: string; readonly grams: Grams }[],
): void {
  inputs.forEach((input, index) =>
    requireHeldGrams(stock, {
      holder,
      node: { noun: 'node', id: input.nodeId, idKey: 'nodeId', field: `inputs[${index}].nodeId` },
      grams: input.grams,
      gramsField: `inputs[${index}].grams`,
    }),
  );
}
