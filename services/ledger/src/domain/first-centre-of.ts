import type { NodeReceivedAtCentre } from './ledger-fact.ts';
import type { NodeAccount } from './node-account.ts';

/**
 * The sorting centre that received a batch: the centre of its earliest receipt, or undefined while none has
 * arrived. KPIs scoped to a centre count the batches it received (the contract's `GetKpisRequest.centre_id`).
 */
export function firstCentreOf(account: NodeAccount): string | undefined {
  return firstCentreReceiptOf(account)?.centreId;
}

/** The node's earliest receipt at a centre (a node's book keeps it, so that firstCentreOf answers from the book). */
export function firstCentreReceiptOf(account: NodeAccount): NodeReceivedAtCentre | undefined {
  return account.facts.find((fact) => fact.type === 'NodeReceivedAtCentre');
}
