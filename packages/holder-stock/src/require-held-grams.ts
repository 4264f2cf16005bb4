import { MassNotConservedError, NotFoundError } from '@vezel/errors';
import type { Grams } from '@vezel/grams';
import { hasHeld, heldGramsOf, type HolderStock } from './holder-stock.ts';

/** A holder as a service names it in errors: `{ kind: 'store', id: 'S-1', idKey: 'storeId' }`. */
export interface StockHolder {
  readonly kind: string;
  readonly id: string;
  /** The key naming the holder in error details. */
  readonly idKey: string;
}

/** A node as a service names it in errors: `{ noun: 'lot', id: 'L-1', idKey: 'lotId' }`. */
export interface TakenNode {
  readonly noun: string;
  readonly id: string;
  /** The key naming the node in error details. */
  readonly idKey: string;
  /** The input field to blame for a node never held; default `idKey`. */
  readonly field?: string | undefined;
}

/** The holder `kind` with id `id`, named `<kind>Id` in details (`centreId`, `storeId`, `processorId`). */
export function stockHolder(kind: string, id: string): StockHolder {
  return { kind, id, idKey: `${kind}Id` };
}

/** The node `noun` with id `id`, named `<noun>Id` in details and blamed as that input field (`lotId`, `nodeId`). */
export function takenNode(noun: string, id: string): TakenNode {
  return { noun, id, idKey: `${noun}Id` };
}

/** Who takes grams of which node, as the service names them in its errors and their details. */
export interface StockTake {
  readonly holder: StockHolder;
  readonly node: TakenNode;
  readonly grams: Grams;
  /** The input field of the grams, e.g. `inputs[2].grams`; default `grams`. */
  readonly gramsField?: string | undefined;
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
      field: node.field ?? node.idKey,
      details: ids,
    });
  }
  const heldGrams = heldGramsOf(stock, node.id);
  if (grams > heldGrams) {
    throw new MassNotConservedError(
      `${holder.kind} ${holder.id} holds ${heldGrams} g of ${node.noun} ${node.id}, cannot take ${grams} g`,
      { field: take.gramsField ?? 'grams', details: { ...ids, heldGrams, requestedGrams: grams } },
    );
  }
}

/**
 * A run's half of the rule: every input is a node the holder has held, and at most the grams it holds of it, the
 * error naming the input's line (`inputs[2].grams`).
 */
export function requireRunInputsHeld(
  stock: HolderStock,
  holder: StockHolder,
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
