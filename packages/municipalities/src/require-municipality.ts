import { InvalidInputError } from '@vezel/errors';
import { MUNICIPALITY_LIST_YEAR, municipalityOf } from './dutch-municipalities.ts';
import { MUNICIPALITY_CODE_PATTERN, type Municipality } from './municipality.ts';

/**
 * A CBS municipality code that is on the list, as a query names it. A code that is not (a typo, an invented code)
 * could match no batch, so it is refused naming `field` rather than answered with an empty trace.
 */
export function requireMunicipality(value: string, field: string): Municipality {
  if (!MUNICIPALITY_CODE_PATTERN.test(value)) {
    throw new InvalidInputError(`must be a CBS municipality code such as GM0150, got ${JSON.stringify(value)}`, {
      field,
    });
  }
  const municipality = municipalityOf(value);
  if (municipality === undefined) {
    throw new InvalidInputError(
      `must be the code of a Dutch municipality (CBS classification of ${MUNICIPALITY_LIST_YEAR}), got ${JSON.stringify(value)}`,
      { field },
    );
  }
  return municipality;
}
