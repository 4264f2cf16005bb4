import { InvalidInputError } from '@vezel/errors';

/**
 * A CBS municipality code (`GM` and four digits), the form the collection service registers containers under:
 * anything else can match no batch, so it is refused as a typo rather than answered with an empty trace.
 */
export function requireMunicipalityCode(value: string, field: string): string {
  if (!/^GM\d{4}$/.test(value)) {
    throw new InvalidInputError(`must be a CBS municipality code such as GM0150, got ${JSON.stringify(value)}`, { field });
  }
  return value;
}
