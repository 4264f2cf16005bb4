import { InvalidInputError } from '@vezel/errors';

/** CBS municipality code: `GM` and four digits, e.g. `GM0150` (Deventer). */
export const MUNICIPALITY_CODE_PATTERN = /^GM\d{4}$/;

/** A municipality code as CBS writes it; anything else could never be matched against municipal reports. */
export function requireMunicipalityCode(value: string, field: string): string {
  if (!MUNICIPALITY_CODE_PATTERN.test(value)) {
    throw new InvalidInputError(`must be a CBS municipality code: GM and four digits, e.g. GM0150; got "${value}"`, {
      field,
    });
  }
  return value;
}
