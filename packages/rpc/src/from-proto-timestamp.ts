import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { InvalidInputError } from '@vezel/errors';

/**
 * A required protobuf timestamp from a gRPC request as a Date. A missing one, or one outside what a Date can hold
 * (seconds: 10^15), is invalid input naming `field`, never an internal error further down.
 */
export function fromProtoTimestamp(timestamp: Timestamp | undefined, field: string): Date {
  if (timestamp === undefined) throw new InvalidInputError('is required', { field });
  const date = timestampDate(timestamp);
  if (Number.isNaN(date.getTime())) throw new InvalidInputError('is not a representable point in time', { field });
  return date;
}
