import { assertNever } from '@vezel/errors';
import type { Grams } from '@vezel/grams';
import { occurredAtOf, runOutputsOf, type Destination, type LedgerFact } from '../../domain/index.ts';

/** GS1's JSON-LD context for EPCIS 2.0, and Vezel's own vocabulary (business steps GS1 has no word for). */
export const EPCIS_CONTEXT_URL = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
export const VEZEL_VOCABULARY = 'https://vezel.dev/voc/';

/** Where node and place URIs live unless the operator configures its own (`EPCIS_BASE_URI`). */
export const DEFAULT_EPCIS_BASE = 'https://id.vezel.dev';

/** The `@context` of every document and of every event sent on its own: GS1's, and the `vezel:` prefix. */
export const EPCIS_CONTEXT: readonly unknown[] = [EPCIS_CONTEXT_URL, { vezel: VEZEL_VOCABULARY }];

/** An EPCIS 2.0 event as JSON-LD (ObjectEvent or TransformationEvent). */
export type EpcisEvent = Readonly<Record<string, unknown>>;

/**
 * One ledger fact as a GS1 EPCIS 2.0 event, or undefined for a fact that is master data rather than an event (a
 * container's registration). Nodes are classes of textile (quantities, not serialised items), so they appear in
 * quantity lists as `<base>/nodes/<id>` with their weight in kilograms (`KGM`); places as `<base>/<kind>s/<id>`.
 *
 * - collection: ObjectEvent ADD `collecting` at the container;
 * - shipments, dispatches and returns: ObjectEvent OBSERVE `shipping`, with where to; receipts: `receiving`;
 * - sorting and processing runs: TransformationEvent with input and output quantities (`vezel:sorting`,
 *   `vezel:processing`: GS1's vocabulary has no step for them);
 * - sales: ObjectEvent OBSERVE `retail_selling`; donations `vezel:donating`; disposals: DELETE `destroying`.
 *
 * Kilograms are the wire format only, written from integer grams with three decimals, never computed in floating
 * point.
 */
export function renderEpcisEvent(fact: LedgerFact, base: string): EpcisEvent | undefined {
  const uri = uris(base);
  const common = {
    type: 'ObjectEvent',
    eventID: eventIdOf(fact.eventId, base),
    eventTime: occurredAtOf(fact).toISOString(),
    eventTimeZoneOffset: '+00:00',
  };
  // An ObjectEvent about some grams of one node at one place: every fact but the runs.
  const objectEvent = (
    action: 'ADD' | 'OBSERVE' | 'DELETE',
    nodeId: string,
    grams: Grams,
    bizStep: string,
    place: string,
    extra: object = {},
  ) => ({
    ...common,
    action,
    quantityList: [quantity(uri.node(nodeId), grams)],
    bizStep,
    readPoint: { id: place },
    bizLocation: { id: place },
    ...extra,
  });
  const observed = (nodeId: string, grams: Grams, bizStep: string, place: string, extra: object = {}) =>
    objectEvent('OBSERVE', nodeId, grams, bizStep, place, extra);
  // Grams leaving `place` for `destination`: shipments, dispatches and returns.
  const shipped = (nodeId: string, grams: Grams, place: string, destination: string) =>
    observed(nodeId, grams, 'shipping', place, { destinationList: [{ type: 'location', destination }] });
  switch (fact.type) {
    case 'ContainerRegistered':
      return undefined;
    case 'BatchCollected':
      return objectEvent('ADD', fact.batchId, fact.grams, 'collecting', uri.place('container', fact.containerId));
    case 'BatchShipped':
      return shipped(
        fact.batchId,
        fact.grams,
        uri.place('container', fact.containerId),
        uri.place('centre', fact.centreId),
      );
    case 'NodeReceivedAtCentre':
      return observed(fact.nodeId, fact.grams, 'receiving', uri.place('centre', fact.centreId));
    case 'LotDispatched':
    case 'LotReturned': {
      const sender =
        fact.type === 'LotDispatched' ? uri.place('centre', fact.centreId) : uri.place('store', fact.storeId);
      return shipped(fact.lotId, fact.grams, sender, uri.destination(fact.destination));
    }
    case 'LotReceivedAtStore':
      return observed(fact.lotId, fact.grams, 'receiving', uri.place('store', fact.storeId));
    case 'ItemsSold':
      return observed(fact.lotId, fact.grams, 'retail_selling', uri.place('store', fact.storeId));
    case 'ItemsDonated':
      return observed(fact.lotId, fact.grams, 'vezel:donating', uri.place('store', fact.storeId));
    case 'LotReceivedByProcessor':
      return observed(fact.lotId, fact.grams, 'receiving', uri.place('processor', fact.processorId));
    case 'SortingRunCompleted':
    case 'ProcessingRunCompleted': {
      const place =
        fact.type === 'SortingRunCompleted'
          ? uri.place('centre', fact.centreId)
          : uri.place('processor', fact.processorId);
      return {
        ...common,
        type: 'TransformationEvent',
        inputQuantityList: fact.inputs.map((input) => quantity(uri.node(input.nodeId), input.grams)),
        outputQuantityList: runOutputsOf(fact).map((output) => quantity(uri.node(output.nodeId), output.grams)),
        transformationID: `${base}/runs/${encodeURIComponent(fact.runId)}`,
        bizStep: fact.type === 'SortingRunCompleted' ? 'vezel:sorting' : 'vezel:processing',
        readPoint: { id: place },
        bizLocation: { id: place },
      };
    }
    case 'NodeDisposed':
      return objectEvent('DELETE', fact.nodeId, fact.grams, 'destroying', uri.place('processor', fact.processorId));
    default:
      return assertNever(fact, 'ledger fact');
  }
}

/** An EPCIS document of events, as a file or an answer carries them. */
export function epcisDocumentOf(events: readonly EpcisEvent[], creationDate: Date): EpcisEvent {
  return {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: creationDate.toISOString(),
    epcisBody: { eventList: events },
  };
}

/** The answer to an EPCIS query, or one message of a subscription (`subscriptionID`). */
export function epcisQueryDocumentOf(
  events: readonly EpcisEvent[],
  query: { readonly queryName: string; readonly subscriptionID?: string },
  creationDate: Date,
): EpcisEvent {
  return {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: creationDate.toISOString(),
    epcisBody: { queryResults: { ...query, resultsBody: { eventList: events } } },
  };
}

/** An event sent on its own (a feed message): it carries the context itself. */
export function standaloneEpcisEvent(event: EpcisEvent): EpcisEvent {
  return { '@context': EPCIS_CONTEXT, ...event };
}

/** A fact as a feed message in EPCIS (SSE `data:`, gRPC `epcis_json`), or undefined when EPCIS has no event for it. */
export function standaloneEpcisJson(fact: LedgerFact, base: string): string | undefined {
  const rendered = renderEpcisEvent(fact, base);
  return rendered === undefined ? undefined : JSON.stringify(standaloneEpcisEvent(rendered));
}

function uris(base: string) {
  const place = (kind: string, id: string): string => `${base}/${kind}s/${encodeURIComponent(id)}`;
  return {
    node: (id: string): string => `${base}/nodes/${encodeURIComponent(id)}`,
    place,
    destination: (destination: Destination): string =>
      destination.kind === 'disposal'
        ? place('disposal-site', destination.id)
        : place(destination.kind, destination.id),
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The chain's event ids are UUIDs (`urn:uuid:`); any other id is named under the base. */
function eventIdOf(eventId: string, base: string): string {
  return uuidPattern.test(eventId)
    ? `urn:uuid:${eventId.toLowerCase()}`
    : `${base}/events/${encodeURIComponent(eventId)}`;
}

/** Grams as an EPCIS quantity in kilograms: written from the integer, three decimals, exact. */
function quantity(epcClass: string, grams: Grams): { epcClass: string; quantity: number; uom: 'KGM' } {
  const kilograms = `${grams / 1000n}.${(grams % 1000n).toString().padStart(3, '0')}`;
  return { epcClass, quantity: Number(kilograms), uom: 'KGM' };
}
