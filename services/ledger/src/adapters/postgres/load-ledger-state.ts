import type { Queryable } from '@vezel/db';
import {
  applyFacts,
  canonicalJson,
  EMPTY_LEDGER,
  type LedgerFact,
  type LedgerState,
  type RunCompleted,
} from '../../domain/index.ts';
import { factFromJson } from './fact-json.ts';
import type { IndexKeyKind } from './split-index-key.ts';

/** Which way a walk from nodes follows the runs: to their outputs, to their inputs, both, or not at all. */
export type WalkDirection = 'forward' | 'backward' | 'both' | 'none';

/** The facts a query needs, named by where the query starts. */
export type LedgerScope =
  | {
      readonly nodes: readonly string[];
      readonly direction: WalkDirection;
      /** Containers whose registrations to add, unwalked (readContainerRegistrations). */
      readonly containers?: readonly string[];
    }
  | { readonly container: string }
  | { readonly municipality: string };

/**
 * Loads from the fact store the facts a query about `scope` reads, and builds the core's state from them with
 * applyFacts, so the core's query functions (traceForward, traceBackward, describeNode) answer exactly as they
 * would over every fact. The state holds only that part of the ledger: ask it only about its scope.
 *
 * The walk, over `ledger_fact_keys` (one query per step):
 * 1. A container or municipality scope first reads the facts filed under its key (its registrations and
 *    BatchCollected facts); the batches collected there are the starting nodes, walked forward.
 * 2. For the current frontier of nodes, read every fact filed under their node keys (with any rival bodies of
 *    those event ids). That is all a node's own books need (node-account.ts reads nothing else), runs included,
 *    since a run is filed under each of its inputs and outputs.
 * 3. Among the runs read so far, a run with an already visited node among its inputs adds its outputs to the next
 *    frontier (forward: where the grams went); a run with a visited node among its outputs adds its inputs
 *    (backward: where they came from). Deliveries, sales and disposals end at outcomes, so they add no node.
 * 4. Repeat until no new node turns up. Visited nodes are never read twice, so cycles (an anomaly) end too.
 *
 * Cost: one round trip per generation of runs, reading every fact of every reachable node. Forward from a
 * municipality that can be much of the graph; docs/domain.md wants municipality figures maintained incrementally
 * instead, which this load does not do yet.
 */
export async function loadLedgerState(db: Queryable, scope: LedgerScope): Promise<LedgerState> {
  const facts = new Map<string, LedgerFact[]>();
  const add = (loaded: readonly LedgerFact[]): LedgerFact[] => {
    const fresh: LedgerFact[] = [];
    for (const fact of loaded) {
      const bodies = facts.get(fact.eventId);
      if (bodies === undefined) {
        facts.set(fact.eventId, [fact]);
        fresh.push(fact);
      } else if (!bodies.some((known) => canonicalJson(known) === canonicalJson(fact))) {
        // A rival body (see ledger_fact_rivals); the same row read again under another key is not one.
        bodies.push(fact);
      }
    }
    return fresh;
  };

  let start: readonly string[];
  let direction: WalkDirection;
  if ('nodes' in scope) {
    start = scope.nodes;
    direction = scope.direction;
    if (scope.containers !== undefined && scope.containers.length > 0) {
      add(await readContainerRegistrations(db, scope.containers));
    }
  } else {
    const [kind, key]: [IndexKeyKind, string] =
      'container' in scope ? ['container', scope.container] : ['municipality', scope.municipality];
    const collected = add(await readFactsUnder(db, kind, [key]));
    start = collected.flatMap((fact) => (fact.type === 'BatchCollected' ? [fact.batchId] : []));
    direction = 'forward';
  }

  const visited = new Set<string>();
  const runs: RunCompleted[] = [];
  let frontier = [...new Set(start)];
  while (frontier.length > 0) {
    for (const nodeId of frontier) visited.add(nodeId);
    for (const fact of add(await readFactsUnder(db, 'node', frontier))) {
      if (fact.type === 'SortingRunCompleted' || fact.type === 'ProcessingRunCompleted') runs.push(fact);
    }
    const next = new Set<string>();
    // Every run seen so far, not only the new ones: a run first read under one of its outputs can qualify later,
    // once a walk in both directions reaches one of its inputs.
    for (const fact of runs) {
      const inputs = fact.inputs.map((input) => input.nodeId);
      const outputs =
        fact.type === 'SortingRunCompleted'
          ? fact.outputs.map((output) => output.lotId)
          : fact.outputs.map((output) => output.productId);
      if (direction !== 'backward' && inputs.some((nodeId) => visited.has(nodeId)))
        outputs.forEach((id) => next.add(id));
      if (direction !== 'forward' && outputs.some((nodeId) => visited.has(nodeId)))
        inputs.forEach((id) => next.add(id));
    }
    frontier = direction === 'none' ? [] : [...next].filter((nodeId) => !visited.has(nodeId));
  }
  return applyFacts(EMPTY_LEDGER, [...facts.values()].flat());
}

/** The facts (every stored body) filed under any of `keys` of one kind. */
export async function readFactsUnder(
  db: Queryable,
  kind: IndexKeyKind,
  keys: readonly string[],
): Promise<LedgerFact[]> {
  return readBodiesOf(
    db,
    `select distinct event_id from ledger_fact_keys where key_kind = $1 and key = any($2::text[])`,
    [kind, keys],
  );
}

/**
 * The registrations of `containerIds`: every stored body of each event filed under their container keys of which a
 * body is a ContainerRegistered, which is all a container's anomalies (a registration with rival bodies) are told
 * by. Not the batches collected from it, filed under the same key: those grow with every year a container is
 * emptied, and a refresh finishing 2,000 container marks read them all (at 10,000,000 generated events, about 210
 * a container: the figure thread ran out of heap at every try and the figures stopped).
 */
export async function readContainerRegistrations(
  db: Queryable,
  containerIds: readonly string[],
): Promise<LedgerFact[]> {
  return readBodiesOf(
    db,
    `select distinct k.event_id from ledger_fact_keys k
      where k.key_kind = 'container' and k.key = any($1::text[])
        and (exists (select 1 from ledger_facts f where f.event_id = k.event_id and f.type = 'ContainerRegistered')
             or exists (select 1 from ledger_fact_rivals r
                         where r.event_id = k.event_id and r.fact->>'type' = 'ContainerRegistered'))`,
    [containerIds],
  );
}

/** Every stored body of the events `eventIds`: the core resolves rivals among them as in any other load. */
export async function readFactsById(db: Queryable, eventIds: readonly string[]): Promise<LedgerFact[]> {
  if (eventIds.length === 0) return [];
  return readBodiesOf(db, `select unnest($1::text[]) as event_id`, [eventIds]);
}

/**
 * The bodies, first and rival, of the events `wanted` (a query with one column, event_id) selects. As text, which
 * factFromJson parses into facts without a copy.
 */
async function readBodiesOf(db: Queryable, wanted: string, parameters: readonly unknown[]): Promise<LedgerFact[]> {
  const { rows } = await db.query<{ fact: string }>(
    `with wanted as (${wanted})
     select f.fact::text as fact from ledger_facts f join wanted using (event_id)
     union all
     select r.fact::text as fact from ledger_fact_rivals r join wanted using (event_id)`,
    parameters,
  );
  return rows.map((row) => factFromJson(row.fact));
}
