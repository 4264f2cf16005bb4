import { nodeIdsOf, type LedgerFact } from '../../domain/index.ts';

/**
 * The ids whose derived figures a fact can change, marked dirty when it is stored: the nodes it touches (their
 * ancestors' batches are found from them at refresh time), and for a container registration the container id,
 * under which a conflicting registration is reported as an anomaly.
 */
export function dirtyIdsOf(fact: LedgerFact): readonly string[] {
  return fact.type === 'ContainerRegistered' ? [fact.containerId] : nodeIdsOf(fact);
}
