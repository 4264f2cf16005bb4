import {
  canonicalJson,
  containerIdsIn,
  describeNode,
  listAnomalies,
  municipalitiesIn,
  nodeIdsIn,
  traceBackward,
  traceForward,
  type LedgerState,
} from '../../src/domain/index.ts';

/**
 * Every answer the ledger gives about `state`, as one canonical JSON text: the description of every node, the
 * forward and backward trace of every created node, the forward trace of every container and municipality, and the
 * anomalies. Two ledgers are "the same" for the tests when their snapshots are equal, byte for byte.
 */
export function snapshotOf(state: LedgerState): string {
  const nodes = nodeIdsIn(state).map((nodeId) => {
    const description = describeNode(state, nodeId);
    const created = description.node.kind !== 'unknown';
    return {
      description,
      forward: created ? traceForward(state, { kind: 'node', nodeId }) : null,
      backward: created ? traceBackward(state, nodeId) : null,
    };
  });
  return canonicalJson({
    nodes,
    containers: containerIdsIn(state).map((containerId) => traceForward(state, { kind: 'container', containerId })),
    municipalities: municipalitiesIn(state).map((municipality) =>
      traceForward(state, { kind: 'municipality', municipality }),
    ),
    anomalies: listAnomalies(state),
  });
}
