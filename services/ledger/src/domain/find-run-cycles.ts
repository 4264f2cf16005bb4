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
 * exactly such edges, so nothing loops. Cost: O(nodes + runs) per call.
 */
export function findRunCycles(state: LedgerState): RunCycle[] {
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
