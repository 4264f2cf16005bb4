import { InvalidInputError } from '@vezel/errors';

/** A point in time that exists (an unparseable input becomes an Invalid Date, which would store as NULL or throw later). */
export function requireValidTime(value: Date, field: string): Date {
  if (Number.isNaN(value.getTime())) throw new InvalidInputError('must be a valid date-time', { field });
  return value;
}
