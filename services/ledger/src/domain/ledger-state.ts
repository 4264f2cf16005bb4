import { canonicalJson } from './canonical-json.ts';
import { containerKeyOf, indexKeysOf, municipalityKeyOf, nodeKeyOf } from './index-keys-of.ts';
import type { LedgerFact } from './ledger-fact.ts';
import { compareFactsByTime } from './occurred-at-of.ts';

/**
 * The ledger: the set of facts it has been given, keyed by event id, and an index of them by key (node, container,
 * municipality). Nothing here depends on the order facts arrived in: the set is the truth, and every figure the
 * ledger reports (traces, stock, anomalies) is computed from it by the query functions. A database store keeps the
 * same two things as tables (facts by event id; (key, event id) pairs) and can load the facts under a few keys into
 * a state to run the same queries.
 *
 * A state is immutable: {@link applyFacts} returns a new one and leaves its argument as it was.
 */
export interface LedgerState {
  /** Every fact, by its event id (`ce_id`). */
  readonly facts: ReadonlyMap<string, LedgerFact>;
  /** Event ids of the facts filed under each key (see index-keys-of.ts). */
  readonly eventIdsByKey: ReadonlyMap<string, ReadonlySet<string>>;
  /** Event ids seen with two different bodies: a producer bug, reported as an anomaly. */
  readonly conflictingEventIds: ReadonlySet<string>;
}

/** The ledger before any fact. */
export const EMPTY_LEDGER: LedgerState = {
  facts: new Map(),
  eventIdsByKey: new Map(),
  conflictingEventIds: new Set(),
};

/**
 * The ledger with `facts` added. A fact whose event id is already there is a redelivery and changes nothing
 * (at-least-once delivery makes that common). Should an event id come with another body, the ledger keeps the body
 * whose canonical JSON sorts first, so the choice does not depend on which came first, and marks the id conflicting.
 *
 * Cost: one copy of the two top-level maps per call (plus the index sets the call touches), so apply facts in
 * batches; a call that adds nothing returns `state` itself.
 */
export function applyFacts(state: LedgerState, facts: Iterable<LedgerFact>): LedgerState {
  let draft: Draft | undefined;
  for (const fact of facts) {
    const known = (draft?.facts ?? state.facts).get(fact.eventId);
    if (known === undefined) {
      draft ??= draftOf(state);
      file(draft, fact);
      continue;
    }
    if (known === fact) continue;
    const knownText = canonicalJson(known);
    const factText = canonicalJson(fact);
    if (knownText === factText) continue;
    draft ??= draftOf(state);
    draft.conflictingEventIds.add(fact.eventId);
    if (factText < knownText) {
      unfile(draft, known);
      file(draft, fact);
    }
  }
  return draft === undefined ? state : draft;
}

/** The ledger with one more fact; see {@link applyFacts}. */
export function applyFact(state: LedgerState, fact: LedgerFact): LedgerState {
  return applyFacts(state, [fact]);
}

/** Whether the ledger holds a fact with this event id. */
export function hasFact(state: LedgerState, eventId: string): boolean {
  return state.facts.has(eventId);
}

/** The facts filed under `key`, oldest first (business time, then event id). */
export function factsUnder(state: LedgerState, key: string): LedgerFact[] {
  const eventIds = state.eventIdsByKey.get(key);
  if (eventIds === undefined) return [];
  return [...eventIds].map((eventId) => state.facts.get(eventId)!).sort(compareFactsByTime);
}

/** Every node id any fact mentions (created or only referenced), sorted. */
export function nodeIdsIn(state: LedgerState): string[] {
  return idsUnderPrefix(state, nodeKeyOf(''));
}

/** Whether any fact of the ledger mentions node `nodeId`: whether {@link nodeIdsIn} lists it. */
export function hasNode(state: LedgerState, nodeId: string): boolean {
  return state.eventIdsByKey.has(nodeKeyOf(nodeId));
}

/** Every container id registered or collected from, sorted. */
export function containerIdsIn(state: LedgerState): string[] {
  return idsUnderPrefix(state, containerKeyOf(''));
}

/** Every municipality (CBS code) with a registered container or a collected batch, sorted. */
export function municipalitiesIn(state: LedgerState): string[] {
  return idsUnderPrefix(state, municipalityKeyOf(''));
}

function idsUnderPrefix(state: LedgerState, prefix: string): string[] {
  const ids: string[] = [];
  for (const key of state.eventIdsByKey.keys()) {
    if (key.startsWith(prefix)) ids.push(key.slice(prefix.length));
  }
  return ids.sort();
}

interface Draft {
  readonly facts: Map<string, LedgerFact>;
  readonly eventIdsByKey: Map<string, ReadonlySet<string>>;
  readonly conflictingEventIds: Set<string>;
  /** Index sets already copied in this draft, so they may be changed in place. */
  readonly ownSets: Set<string>;
}

function draftOf(state: LedgerState): Draft {
  return {
    facts: new Map(state.facts),
    eventIdsByKey: new Map(state.eventIdsByKey),
    conflictingEventIds: new Set(state.conflictingEventIds),
    ownSets: new Set(),
  };
}

function file(draft: Draft, fact: LedgerFact): void {
  draft.facts.set(fact.eventId, fact);
  for (const key of indexKeysOf(fact)) ownSetOf(draft, key).add(fact.eventId);
}

function unfile(draft: Draft, fact: LedgerFact): void {
  draft.facts.delete(fact.eventId);
  for (const key of indexKeysOf(fact)) {
    const eventIds = ownSetOf(draft, key);
    eventIds.delete(fact.eventId);
    if (eventIds.size === 0) {
      draft.eventIdsByKey.delete(key);
      draft.ownSets.delete(key);
    }
  }
}

function ownSetOf(draft: Draft, key: string): Set<string> {
  if (!draft.ownSets.has(key)) {
    draft.eventIdsByKey.set(key, new Set(draft.eventIdsByKey.get(key)));
    draft.ownSets.add(key);
  }
  return draft.eventIdsByKey.get(key) as Set<string>;
}
