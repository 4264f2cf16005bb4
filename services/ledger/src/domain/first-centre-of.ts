import type { NodeAccount } from './node-account.ts';

/**
 * The sorting centre that received a batch: the centre of its earliest receipt, or undefined while none has
 * arrived. KPIs scoped to a centre count the batches it received (the contract's `GetKpisRequest.centre_id`).
 */
export function firstCentreOf(account: NodeAccount): string | undefined {
  return account.facts.find((fact) => fact.type === 'NodeReceivedAtCentre')?.centreId;
}
