import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { InvalidInputError } from '@vezel/errors';

/**
 * A required protobuf timestamp from a gRPC request as a Date. A missing one, or one outside what a Date can hold
 * (before year 1 or after 9999), is invalid input naming `field`, never an internal error further down.
 */
export function fromProtoTimestamp(timestamp: Timestamp | undefined, field: string): Date {
  if (timestamp === undefined) throw new InvalidInputError('is required', { field });
  // protobuf's Timestamp range, 0001-01-01 to 9999-12-31: beyond it PostgreSQL (or Date) cannot hold the time.
  if (timestamp.seconds < -62_135_596_800n || timestamp.seconds > 253_402_300_799n) {
    throw new InvalidInputError('must be between 0001-01-01 and 9999-12-31', { field });
  }
  const date = timestampDate(timestamp);
  if (Number.isNaN(date.getTime())) throw new InvalidInputError('is not a representable point in time', { field });
  return date;
}
