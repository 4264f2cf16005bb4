import { InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import {
  centreStockDecider,
  decideCentreStock,
  evolveCentreStock,
  initialCentreStock,
  type Destination,
  type DestinationInput,
} from '../../src/domain/index.ts';
import {
  MONDAY_MORNING,
  aDispatch,
  aLotDispatched,
  aNodeReceived,
  aSortingRunCompleted,
  inGrams,
} from './sorting-fixtures.ts';

const spec = deciderSpecification(centreStockDecider);
/** L-1 (6 kg crème) and L-2 (3.5 kg wipers) held by Deventer. */
const lotsSorted = [aNodeReceived(), aSortingRunCompleted()];

describe('dispatching a lot', () => {
  it('sends grams of a lot to a store, recording the centre they leave', () => {
    spec
      .given(lotsSorted)
      .when(aDispatch())
      .then([
        {
          type: 'LotDispatched',
          dispatchId: 'D-1',
          lotId: 'L-1',
          centreId: 'C-DEVENTER',
          grams: inGrams(2_000),
          destination: { kind: 'store', id: 'S-DEVENTER-CENTRUM' },
          dispatchedAt: MONDAY_MORNING,
        },
      ]);
  });

  it('keeps the transport distance', () => {
    spec
      .given(lotsSorted)
      .when(aDispatch({ transportKm: 42.5 }))
      .then([aLotDispatched({ transportKm: 42.5 })]);
  });

  it.each<[string, Destination]>([
    ['an exporter, with its country', { kind: 'exporter', id: 'X-KENYA-MITUMBA', country: 'KE' }],
    ['disposal by energy recovery', { kind: 'disposal', id: 'AVR-DUIVEN', method: 'energy-recovery' }],
    ['disposal by incineration', { kind: 'disposal', id: 'AVR-DUIVEN', method: 'incineration' }],
    ['disposal to landfill', { kind: 'disposal', id: 'LANDFILL-1', method: 'landfill', country: 'DE' }],
    ['a processor', { kind: 'processor', id: 'P-FRANKENHUIS' }],
    ['another centre', { kind: 'centre', id: 'C-SNEEK', country: 'NL' }],
  ])('sends grams to %s', (_case, destination) => {
    spec
      .given(lotsSorted)
      .when(aDispatch({ destination }))
      .then([aLotDispatched({ destination })]);
  });

  it('sends all that is left of a lot', () => {
    spec
      .given([...lotsSorted, aLotDispatched({ grams: inGrams(4_000) })])
      .when(aDispatch({ dispatchId: 'D-2', grams: 2_000n }))
      .then([aLotDispatched({ dispatchId: 'D-2', grams: inGrams(2_000) })]);
  });

  it('sends a lot a store returned to the centre again', () => {
    const returned = aNodeReceived({ receiptId: 'R-2', nodeId: 'L-1', grams: inGrams(1_000), deliveryId: 'RET-1' });
    spec
      .given([...lotsSorted, aLotDispatched({ grams: inGrams(6_000) }), returned])
      .when(aDispatch({ dispatchId: 'D-2', grams: 1_000n }))
      .then([aLotDispatched({ dispatchId: 'D-2', grams: inGrams(1_000) })]);
  });

  describe('a centre dispatches at most what it holds', () => {
    it('rejects a dispatch of more grams than the centre holds of the lot, with what it holds and what was asked', () => {
      spec
        .given(lotsSorted)
        .when(aDispatch({ grams: 6_001n }))
        .thenThrows(MassNotConservedError, { field: 'grams' });
      let thrown: unknown;
      try {
        decideCentreStock(aDispatch({ grams: 6_001n }), lotsSorted.reduce(evolveCentreStock, initialCentreStock()));
      } catch (error) {
        thrown = error;
      }
      expect((thrown as MassNotConservedError).details).toEqual({
        centreId: 'C-DEVENTER',
        lotId: 'L-1',
        heldGrams: 6_000n,
        requestedGrams: 6_001n,
      });
    });

    it('lets only the first of two dispatches racing for the last grams win', () => {
      const nearlyEmpty = [...lotsSorted, aLotDispatched({ dispatchId: 'D-0', grams: inGrams(5_000) })];
      const first = aDispatch({ dispatchId: 'D-1', grams: 1_000n });
      const toPoland = { kind: 'exporter', id: 'X-1', country: 'PL' } as const;
      const second = aDispatch({ dispatchId: 'D-2', grams: 1_000n, destination: toPoland });
      // Both were decided against the same stock; the loser is retried against the winner's event.
      spec
        .given(nearlyEmpty)
        .when(first)
        .then([aLotDispatched({ dispatchId: 'D-1', grams: inGrams(1_000) })]);
      spec
        .given(nearlyEmpty)
        .when(second)
        .then([aLotDispatched({ dispatchId: 'D-2', grams: inGrams(1_000), destination: toPoland })]);
      spec
        .given([...nearlyEmpty, aLotDispatched({ dispatchId: 'D-1', grams: inGrams(1_000) })])
        .when(second)
        .thenThrows(MassNotConservedError, { field: 'grams' });
    });

    it('rejects a dispatch of a lot the centre never held', () => {
      spec
        .given(lotsSorted)
        .when(aDispatch({ lotId: 'L-ELSEWHERE' }))
        .thenThrows(NotFoundError, { field: 'lotId' });
    });

    it('rejects a dispatch of a lot that was consumed by a later run', () => {
      const resorted = aSortingRunCompleted({
        runId: 'RUN-2',
        inputs: [{ nodeId: 'L-1', grams: inGrams(6_000) }],
        outputs: [{ lotId: 'L-3', fraction: 'reuse.vintage', grams: inGrams(6_000) }],
        lossGrams: inGrams(0),
      });
      spec
        .given([...lotsSorted, resorted])
        .when(aDispatch())
        .thenThrows(MassNotConservedError, { field: 'grams' });
    });
  });

  describe('destination', () => {
    it.each<[string, DestinationInput, string]>([
      ['an unknown kind', { kind: 'warehouse', id: 'W-1' }, 'destination.kind'],
      ['an empty id', { kind: 'store', id: '' }, 'destination.id'],
      ['an exporter without a country', { kind: 'exporter', id: 'X-1' }, 'destination.country'],
      ['a country in lower case', { kind: 'exporter', id: 'X-1', country: 'ke' }, 'destination.country'],
      [
        'a country that ISO 3166 does not assign',
        { kind: 'exporter', id: 'X-1', country: 'UK' },
        'destination.country',
      ],
      ['a three-letter country', { kind: 'store', id: 'S-1', country: 'NLD' }, 'destination.country'],
      ['a disposal without a method', { kind: 'disposal', id: 'AVR' }, 'destination.method'],
      ['an unknown disposal method', { kind: 'disposal', id: 'AVR', method: 'composting' }, 'destination.method'],
      ['a store with a disposal method', { kind: 'store', id: 'S-1', method: 'landfill' }, 'destination.method'],
      ['the dispatching centre itself', { kind: 'centre', id: 'C-DEVENTER' }, 'destination.id'],
    ])('rejects %s', (_case, destination, field) => {
      spec.given(lotsSorted).when(aDispatch({ destination })).thenThrows(InvalidInputError, { field });
    });

    it('accepts Kosovo (XK), which the EU uses although ISO has not assigned it', () => {
      const destination = { kind: 'exporter', id: 'X-PRISTINA', country: 'XK' } as const;
      spec
        .given(lotsSorted)
        .when(aDispatch({ destination }))
        .then([aLotDispatched({ destination })]);
    });
  });

  describe('quantities, ids and times', () => {
    it.each([0n, -2_000n])('rejects a dispatch of %s g', (grams) => {
      spec.given(lotsSorted).when(aDispatch({ grams })).thenThrows(InvalidInputError, { field: 'grams' });
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects a transport distance of %s km', (transportKm) => {
      spec.given(lotsSorted).when(aDispatch({ transportKm })).thenThrows(InvalidInputError, { field: 'transportKm' });
    });

    it.each([
      ['dispatchId', { dispatchId: '' }],
      ['lotId', { lotId: 'x'.repeat(129) }],
      ['centreId', { centreId: '' }],
      ['dispatchedAt', { dispatchedAt: new Date('2026-02-30T25:00:00Z') }],
    ] as const)('rejects a dispatch with an invalid %s', (field, overrides) => {
      spec.given(lotsSorted).when(aDispatch(overrides)).thenThrows(InvalidInputError, { field });
    });
  });
});
