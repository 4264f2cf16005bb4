/**
 * How the dashboard names and colours the ledger's outcomes (docs/domain.md). Outcomes are an open vocabulary (a newer
 * service may report `recycling.chemical`), so an unknown one is shown by its own name in its group's colour.
 */

/** @type {ReadonlyMap<string, { label: string, colour: string }>} */
const known = new Map([
  ['reuse.sold', { label: 'Reuse: sold in stores', colour: '#1b7f3b' }],
  ['reuse.donated', { label: 'Reuse: donated', colour: '#38a169' }],
  ['reuse.exported', { label: 'Reuse: exported', colour: '#7cc58f' }],
  ['recycling.fibre-to-fibre', { label: 'Recycling: fibre-to-fibre', colour: '#1f5fa8' }],
  ['recycling.open-loop', { label: 'Recycling: open loop', colour: '#6b9bd6' }],
  ['upcycling', { label: 'Upcycling', colour: '#8e44ad' }],
  ['disposal.energy-recovery', { label: 'Disposal: energy recovery', colour: '#c0392b' }],
  ['disposal.incineration', { label: 'Disposal: incineration', colour: '#e0604f' }],
  ['disposal.landfill', { label: 'Disposal: landfill', colour: '#8b2a1f' }],
  ['loss', { label: 'Loss (moisture, weighing)', colour: '#7f8c8d' }],
  ['stock', { label: 'Still in stock', colour: '#d4a017' }],
]);

/** @type {Record<string, string>} */
const groupColours = { reuse: '#1b7f3b', recycling: '#1f5fa8', upcycling: '#8e44ad', disposal: '#c0392b' };

/** @param {string} outcome */
export function outcomeLabel(outcome) {
  return known.get(outcome)?.label ?? outcome;
}

/** @param {string} outcome */
export function outcomeColour(outcome) {
  return known.get(outcome)?.colour ?? groupColours[outcomeGroup(outcome)] ?? '#555555';
}

/**
 * `reuse`, `recycling`, `upcycling`, `disposal`, `loss` or `stock`: the part before the dot.
 * @param {string} outcome
 */
export function outcomeGroup(outcome) {
  return outcome.split('.')[0] ?? outcome;
}
