import { toGrams } from '@vezel/grams';
import { describe, expect, it } from 'vitest';
import {
  epcisDocumentOf,
  renderEpcisEvent,
  standaloneEpcisEvent,
} from '../../src/adapters/epcis/render-epcis-event.ts';
import { LEDGER_FACT_TYPES, type LedgerFact } from '../../src/domain/index.ts';
import { lotDispatched, nodeDisposed } from '../domain/ledger-fixtures.ts';
import { scenario, scenarioFacts } from '../domain/two-municipalities-scenario.ts';
import { epcisSchemaValidator } from '../support/epcis-schema.ts';

/*
 * Every ledger fact rendered as EPCIS 2.0 and checked against GS1's own JSON Schema (shipped in epcis/): a document
 * of every event, and each event on its own as a feed sends it.
 */
const { validate, errorsText } = epcisSchemaValidator();
const base = 'https://id.reshare.example';

const facts: readonly LedgerFact[] = [
  ...scenarioFacts,
  // Kinds the scenario lacks: a dispatch straight to disposal, a disposal at a processor.
  lotDispatched({
    dispatchId: 'D-9',
    lotId: 'L-RESID',
    centreId: 'DEV',
    grams: 1,
    destination: { kind: 'disposal', id: 'AVR', method: 'incineration' },
    at: '2026-01-09T10:00:00Z',
  }),
  nodeDisposed({
    disposalId: 'DISP-9',
    processorId: 'P-1',
    nodeId: 'L-WIPERS',
    grams: 5,
    method: 'landfill',
    at: '2026-01-15T10:00:00Z',
  }),
];

function errorsOf(document: unknown): string {
  return validate(document) ? '' : errorsText('\n');
}

describe('the ledger’s facts as GS1 EPCIS 2.0', () => {
  it('covers every fact type but a container’s registration (master data), in documents GS1’s schema accepts', () => {
    const events = facts.flatMap((fact) => {
      const event = renderEpcisEvent(fact, base);
      return event === undefined ? [] : [event];
    });
    const types = new Set(facts.filter((fact) => renderEpcisEvent(fact, base) !== undefined).map((fact) => fact.type));
    expect([...types].sort()).toEqual(LEDGER_FACT_TYPES.filter((type) => type !== 'ContainerRegistered').sort());
    expect(errorsOf(epcisDocumentOf(events, new Date('2026-02-01T00:00:00Z')))).toBe('');
    for (const event of events) expect(errorsOf(standaloneEpcisEvent(event)), JSON.stringify(event)).toBe('');
    // The validator is live: a unit GS1 does not know, or an event without its context, fails.
    expect(
      errorsOf(standaloneEpcisEvent({ ...events[0]!, quantityList: [{ epcClass: `${base}/nodes/B1`, uom: 'kg' }] })),
    ).not.toBe('');
    expect(errorsOf(events[0])).not.toBe('');
  });

  it('maps the chain’s steps to EPCIS actions and business steps, with exact kilograms', () => {
    expect(renderEpcisEvent(scenario.b1, base)).toMatchObject({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'collecting',
      eventTimeZoneOffset: '+00:00',
      quantityList: [{ epcClass: `${base}/nodes/B1`, quantity: 30, uom: 'KGM' }],
      readPoint: { id: `${base}/containers/C-DEV-1` },
    });
    expect(renderEpcisEvent(scenario.run1, base)).toMatchObject({
      type: 'TransformationEvent',
      bizStep: 'vezel:sorting',
      inputQuantityList: [
        { epcClass: `${base}/nodes/B1`, quantity: 30, uom: 'KGM' },
        { epcClass: `${base}/nodes/B2`, quantity: 19.5, uom: 'KGM' },
      ],
      outputQuantityList: expect.arrayContaining([
        { epcClass: `${base}/nodes/L-CREME`, quantity: 20, uom: 'KGM' },
      ]) as unknown,
    });
    expect(renderEpcisEvent(scenario.sale, base)).toMatchObject({ action: 'OBSERVE', bizStep: 'retail_selling' });
    expect(renderEpcisEvent(scenario.d2, base)).toMatchObject({
      bizStep: 'shipping',
      destinationList: [{ type: 'location', destination: `${base}/exporters/EXP-PL` }],
    });
    expect(renderEpcisEvent(scenario.landfill, base)).toMatchObject({ action: 'DELETE', bizStep: 'destroying' });
    expect(renderEpcisEvent(scenario.containerDeventer, base)).toBeUndefined();
  });

  it('writes grams as kilograms to the gram, and names events by their UUID', () => {
    const event = renderEpcisEvent(
      { ...scenario.sale, eventId: '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B', grams: toGrams(1_234_567n) },
      base,
    );
    expect(event).toMatchObject({
      eventID: 'urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      quantityList: [{ quantity: 1234.567 }],
    });
  });
});
