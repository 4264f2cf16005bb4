import type { RunCompleted } from './ledger-fact.ts';
import { nodeIdsIn, type LedgerState } from './ledger-state.ts';
import { accountNode } from './node-account.ts';
import { runOutputsOf } from './run-outputs-of.ts';

/** A run that makes a node its own ancestor: `run` made `nodeId`, which was already upstream of the run. */
export interface RunCycle {
  readonly nodeId: string;
  readonly run: RunCompleted;
}

/**
 * The edges that close a cycle in the material graph (node -> run consuming it -> nodes it made). The chain cannot
 * produce one (a node is consumed after it is made), but facts come from outside, and a reused id can fake one. A
 * depth-first search in node-id order reports the same edges for the same facts, and the trace recursions cut
 * exactly such edges, so nothing loops. Cost: O(nodes + runs) per call, and no node is accounted for when the runs
 * close no cycle at all.
 */
export function findRunCycles(state: LedgerState): RunCycle[] {
  if (!runFactsFormACycle(state)) return [];
  const colour = new Map<string, 'open' | 'done'>();
  const cycles: RunCycle[] = [];
  const visit = (nodeId: string): void => {
    colour.set(nodeId, 'open');
    for (const sink of accountNode(state, nodeId).sinks) {
      if (sink.kind !== 'run') continue;
      for (const output of runOutputsOf(sink.run)) {
        const seen = colour.get(output.nodeId);
        if (seen === 'open') cycles.push({ nodeId: output.nodeId, run: sink.run });
        else if (seen === undefined) visit(output.nodeId);
      }
    }
    colour.set(nodeId, 'done');
  };
  for (const nodeId of nodeIdsIn(state)) {
    if (!colour.has(nodeId)) visit(nodeId);
  }
  return cycles;
}

/**
 * Whether the runs among the ledger's facts, taken as edges from each input to each output, close a cycle. A node's
 * account consumes only in runs that list it as an input, so the graph the search above walks is part of this one:
 * without a cycle here there is none there. This asks no node for its account, where the search above accounts for
 * every node the facts name, most of which a figure refresh never needs (a processing run's inputs from other pools):
 * that was a tenth of a refresh's JavaScript time, for cycles the chain never makes.
 */
function runFactsFormACycle(state: LedgerState): boolean {
  const outputsOf = new Map<string, string[]>();
  for (const fact of state.facts.values()) {
    if (fact.type !== 'SortingRunCompleted' && fact.type !== 'ProcessingRunCompleted') continue;
    const outputs = runOutputsOf(fact).map((output) => output.nodeId);
    for (const input of fact.inputs) {
      const known = outputsOf.get(input.nodeId);
      if (known === undefined) outputsOf.set(input.nodeId, [...outputs]);
      else known.push(...outputs);
    }
  }
  const colour = new Map<string, 'open' | 'done'>();
  const closesACycle = (nodeId: string): boolean => {
    colour.set(nodeId, 'open');
    for (const output of outputsOf.get(nodeId) ?? []) {
      const seen = colour.get(output);
      if (seen === 'open' || (seen === undefined && closesACycle(output))) return true;
    }
    colour.set(nodeId, 'done');
    return false;
  };
  for (const nodeId of outputsOf.keys()) {
    if (!colour.has(nodeId) && closesACycle(nodeId)) return true;
  }
  return false;
}
