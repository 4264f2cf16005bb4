import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  ContainerChannel as ProtoContainerChannel,
  DestinationKind as ProtoDestinationKind,
  DisposalMethod as ProtoDisposalMethod,
  type Destination as DestinationProto,
} from '@vezel/contracts';
import { requireChainId } from '@vezel/chain-ids';
import { InvalidInputError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';
import type { Destination, DisposalMethod } from '../../domain/index.ts';

/*
 * Checks of wire fields shared by the thirteen event mappings. Each failure is an InvalidInputError naming the
 * field, which the consumer records as the reason an event was rejected: the producers validate their commands, so
 * reaching one of these means a producer bug or a corrupt record, and the ledger must neither crash nor guess.
 */

/**
 * An id as the chain's services accept it (ADR 9: non-empty, at most 128 characters, no control characters, no
 * leading or trailing spaces). The ledger checks again what the producers checked: an id PostgreSQL cannot store
 * (U+0000) would otherwise fail its whole batch, again at every redelivery, and stop the partition behind it.
 */
export function readId(value: string, field: string): string {
  return requireChainId(value, field);
}

/** An optional id: absent stays absent, present must be a valid id. */
export function readOptionalId(value: string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : readId(value, field);
}

/** A positive mass: every moved, made or consumed quantity on the wire is at least one gram. */
export function readPositiveGrams(value: bigint, field: string): Grams {
  if (value <= 0n) throw new InvalidInputError(`must be a positive number of grams, got ${value}`, { field });
  return toGrams(value, field);
}

/** A run's loss, which may be zero. */
export function readLossGrams(value: bigint, field: string): Grams {
  return toGrams(value, field);
}

/** A business time; proto3 leaves an unset message field undefined, which for these events is malformed. */
export function readTime(value: Timestamp | undefined, field: string): Date {
  if (value === undefined) throw new InvalidInputError('is missing', { field });
  return readStorableTime(timestampDate(value), field);
}

/**
 * A time within the years 1 to 9999, as ISO 8601 writes them and PostgreSQL stores them: JavaScript's dates reach
 * far beyond, and a time PostgreSQL refuses would fail the whole batch at every redelivery.
 */
export function readStorableTime(time: Date, field: string): Date {
  if (!isStorableTime(time)) throw new InvalidInputError('is not a time within the years 1 to 9999', { field });
  return time;
}

/** Whether `time` is a time within the years 1 to 9999 (readStorableTime). */
export function isStorableTime(time: Date): boolean {
  const ms = time.getTime();
  return ms >= FIRST_STORABLE_MS && ms < AFTER_LAST_STORABLE_MS;
}

// Date.UTC reads the years 0 to 99 as 1900 to 1999: parsed from ISO text instead.
const FIRST_STORABLE_MS = Date.parse('0001-01-01T00:00:00Z');
const AFTER_LAST_STORABLE_MS = Date.parse('+010000-01-01T00:00:00Z');

/** A non-negative distance, when given. */
export function readOptionalKm(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0)
    throw new InvalidInputError(`must be a non-negative distance, got ${value}`, { field });
  return value;
}

const channels: ReadonlyMap<ProtoContainerChannel, string> = new Map([
  [ProtoContainerChannel.STREET_CONTAINER, 'street-container'],
  [ProtoContainerChannel.STORE_DROP_OFF, 'store-drop-off'],
  [ProtoContainerChannel.DOOR_TO_DOOR, 'door-to-door'],
]);

/** The kebab-case channel the ledger keeps (the HTTP spelling of the enum). */
export function readChannel(value: ProtoContainerChannel, field: string): string {
  const channel = channels.get(value);
  if (channel === undefined) throw new InvalidInputError(`is not a known container channel (${value})`, { field });
  return channel;
}

const disposalMethods: ReadonlyMap<ProtoDisposalMethod, DisposalMethod> = new Map([
  [ProtoDisposalMethod.ENERGY_RECOVERY, 'energy-recovery'],
  [ProtoDisposalMethod.INCINERATION, 'incineration'],
  [ProtoDisposalMethod.LANDFILL, 'landfill'],
]);

/** A disposal method; UNSPECIFIED would leave disposed grams without an outcome. */
export function readDisposalMethod(value: ProtoDisposalMethod, field: string): DisposalMethod {
  const method = disposalMethods.get(value);
  if (method === undefined) throw new InvalidInputError(`is not a known disposal method (${value})`, { field });
  return method;
}

/** Where a dispatch or return sends grams, with the fields its kind needs (exporter: country; disposal: method). */
export function readDestination(value: DestinationProto | undefined, field: string): Destination {
  if (value === undefined) throw new InvalidInputError('is missing', { field });
  const id = readId(value.id, `${field}.id`);
  const country = value.country === undefined || value.country === '' ? undefined : value.country;
  const withCountry = country === undefined ? {} : { country };
  switch (value.kind) {
    case ProtoDestinationKind.CENTRE:
      return { kind: 'centre', id, ...withCountry };
    case ProtoDestinationKind.STORE:
      return { kind: 'store', id, ...withCountry };
    case ProtoDestinationKind.PROCESSOR:
      return { kind: 'processor', id, ...withCountry };
    case ProtoDestinationKind.EXPORTER:
      if (country === undefined)
        throw new InvalidInputError('is required for an exporter', { field: `${field}.country` });
      return { kind: 'exporter', id, country };
    case ProtoDestinationKind.DISPOSAL:
      return { kind: 'disposal', id, method: readDisposalMethod(value.method, `${field}.method`), ...withCountry };
    case ProtoDestinationKind.UNSPECIFIED:
      throw new InvalidInputError('kind is unspecified', { field: `${field}.kind` });
    default:
      throw new InvalidInputError(`kind ${String(value.kind)} is not known`, { field: `${field}.kind` });
  }
}
