import { requireChainId } from '@vezel/chain-ids';
import { isDomainError } from '@vezel/errors';
import { parseCloudEventHeaders, type EventRecord } from '@vezel/messaging';
import type { LedgerFact } from '../../domain/index.ts';
import { ledgerFactDecoders } from './ledger-fact-decoders.ts';
import { readStorableTime } from './read-wire-fields.ts';
import { unstorableTextPath } from './unstorable-text-path.ts';

/** An event the ledger can use: its fact. */
export interface DecodedFact {
  readonly kind: 'fact';
  readonly fact: LedgerFact;
}

/**
 * An event the ledger cannot use, and why. `eventId` and `type` are whatever the headers held, when they could be
 * read, so an operator can find the producer and the message.
 */
export interface UndecodableEvent {
  readonly kind: 'rejected';
  readonly reason: string;
  readonly eventId?: string;
  readonly type?: string;
}

/** The outcome of decoding one event. */
export type DecodedLedgerEvent = DecodedFact | UndecodableEvent;

/**
 * Decodes one event from the wire (CloudEvents headers, protobuf value) into the ledger's fact.
 *
 * Never throws for a bad event: an unknown `ce_type`, missing headers, bytes that are not the message, or fields
 * that break the contract's rules come back as `rejected` with a reason. A consumer that threw would be handed the
 * same event again forever (at-least-once delivery) and stop the whole partition behind one bad record.
 */
export function decodeLedgerEvent(event: Pick<EventRecord, 'headers' | 'value'>): DecodedLedgerEvent {
  const eventId = event.headers['ce_id'] || undefined;
  const type = event.headers['ce_type'] || undefined;
  const known = { ...(eventId === undefined ? {} : { eventId }), ...(type === undefined ? {} : { type }) };
  try {
    const attributes = parseCloudEventHeaders(event.headers);
    // The event id and time are stored (and the id is a key of several indexes): the chain's id rule and a time
    // PostgreSQL takes, or the event fails its batch at every redelivery.
    requireChainId(attributes.id, 'ce_id');
    readStorableTime(attributes.time, 'ce_time');
    const decode = ledgerFactDecoders.get(attributes.type);
    if (decode === undefined) return { kind: 'rejected', reason: `unknown event type ${attributes.type}`, ...known };
    const fact = decode(event.value, { eventId: attributes.id, time: attributes.time });
    // Who recorded it travels in the headers, beside the message: the audit trail of every fact.
    const recorded = attributes.recordedBy === undefined ? fact : { ...fact, recordedBy: attributes.recordedBy };
    const unstorable = unstorableTextPath(recorded);
    if (unstorable !== undefined) {
      const field = HEADER_OF_FACT_FIELD.get(unstorable) ?? unstorable;
      return { kind: 'rejected', reason: `${field}: must not contain U+0000 (it cannot be stored)`, ...known };
    }
    return { kind: 'fact', fact: recorded };
  } catch (error) {
    return { kind: 'rejected', reason: reasonOf(error), ...known };
  }
}

/** Fact fields that come from a CloudEvents header, named as the producer wrote them. */
const HEADER_OF_FACT_FIELD: ReadonlyMap<string, string> = new Map([
  ['recordedBy.partnerId', 'ce_recordedby'],
  ['recordedBy.credential', 'ce_recordedvia'],
]);

function reasonOf(error: unknown): string {
  if (isDomainError(error) && error.field !== undefined) return `${error.field}: ${error.message}`;
  if (error instanceof Error) return `malformed event: ${error.message}`;
  return `malformed event: ${String(error)}`;
}
