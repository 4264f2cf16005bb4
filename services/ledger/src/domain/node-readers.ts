import type { LedgerState } from './ledger-state.ts';
import { accountNode, type NodeAccount } from './node-account.ts';
import { runOutputsOf } from './run-outputs-of.ts';

/**
 * Who may read a node, named as the access directory names what a partner owns: `store:ST-1`, `centre:C-1`,
 * `processor:P-1`, `exporter:EXP-1`, `municipality:GM0363`. The kind never holds a colon, so the first one ends it.
 */
export function readerKeyOf(kind: string, id: string): string {
  return `${kind}:${id}`;
}

/**
 * The readers a node has from its own facts: every party that held grams of it or was sent them (a delivery still
 * on the road included), every exporter it was dispatched to, and a batch's municipality.
 */
export function ownReadersOf(account: NodeAccount): Set<string> {
  const readers = new Set<string>();
  if (account.creation?.kind === 'batch') readers.add(readerKeyOf('municipality', account.creation.municipality));
  for (const { holder } of account.balances) {
    if (holder.kind === 'in-transit') readers.add(readerKeyOf(holder.to.kind, holder.to.id));
    else if (holder.kind !== 'collection') readers.add(readerKeyOf(holder.kind, holder.id));
  }
  for (const fact of account.facts) {
    if ((fact.type === 'LotDispatched' || fact.type === 'LotReturned') && fact.destination.kind === 'exporter') {
      readers.add(readerKeyOf('exporter', fact.destination.id));
    }
  }
  return readers;
}

/**
 * Every node reached from `nodeId` through the runs that consumed its grams (itself included), with the parties
 * that may read it because they hold or held it or anything made from it: a store reads the lots it received and
 * what they came from, a processor the lots that reached it and their origins. Municipalities are left out (a
 * node's municipalities are those of the batches above it, which `state` need not hold); a store of figures files
 * them per batch instead.
 *
 * Complete for every node whose forward graph `state` holds, which is the case for every node a forward load from
 * `nodeId` visited. Each node's readers come from its own walk, so a run cycle (an anomaly) gives every node on it
 * the same readers whichever node a walk starts from. Memoised per state, as accounts are.
 */
export function downstreamReadersFrom(state: LedgerState, nodeId: string): Map<string, ReadonlySet<string>> {
  const readers = new Map<string, ReadonlySet<string>>();
  for (const id of reachedFrom(state, nodeId)) readers.set(id, readersBelow(state, id));
  return readers;
}

const readersByState = new WeakMap<LedgerState, Map<string, ReadonlySet<string>>>();
const ownReadersByState = new WeakMap<LedgerState, ReadonlyMap<string, ReadonlySet<string>>>();

/**
 * Gives the own readers of nodes `state` accounts for by their books (node-book.ts), which hold no facts to read them
 * from.
 */
export function knowOwnReaders(state: LedgerState, readers: ReadonlyMap<string, ReadonlySet<string>>): void {
  if (ownReadersByState.has(state) || readersByState.has(state)) {
    throw new RangeError('readers of a state can only be given before it is used');
  }
  ownReadersByState.set(state, readers);
}

function readersBelow(state: LedgerState, nodeId: string): ReadonlySet<string> {
  let known = readersByState.get(state);
  if (known === undefined) {
    known = new Map();
    readersByState.set(state, known);
  }
  let readers = known.get(nodeId);
  if (readers === undefined) {
    const below = new Set<string>();
    for (const id of reachedFrom(state, nodeId)) {
      const account = accountNode(state, id);
      for (const reader of ownReadersByState.get(state)?.get(id) ?? ownReadersOf(account)) below.add(reader);
      if (account.creation?.kind === 'batch') below.delete(readerKeyOf('municipality', account.creation.municipality));
    }
    readers = below;
    known.set(nodeId, readers);
  }
  return readers;
}

/** `nodeId` and every node made from its grams, through any number of runs. */
function reachedFrom(state: LedgerState, nodeId: string): Set<string> {
  const reached = new Set<string>([nodeId]);
  const pending = [nodeId];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const sink of accountNode(state, id).sinks) {
      if (sink.kind !== 'run') continue;
      for (const output of runOutputsOf(sink.run)) {
        if (reached.has(output.nodeId)) continue;
        reached.add(output.nodeId);
        pending.push(output.nodeId);
      }
    }
  }
  return reached;
}
