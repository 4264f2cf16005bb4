import type { ContainerLocation } from '@vezel/chain-events';
import { InvalidInputError } from '@vezel/errors';

export type Location = ContainerLocation;

const MAX_ADDRESS_LENGTH = 500;

/**
 * A location that says something: a point needs both coordinates within range, an address is not blank, and at
 * least one of the two is there. `field` is the location's path (`location`), for the error's field.
 */
export function requireValidLocation(location: Location, field: string): Location {
  const { latitude, longitude, address } = location;
  if ((latitude === undefined) !== (longitude === undefined)) {
    const missing = latitude === undefined ? 'latitude' : 'longitude';
    throw new InvalidInputError('latitude and longitude go together', { field: `${field}.${missing}` });
  }
  if (latitude !== undefined && !(latitude >= -90 && latitude <= 90)) {
    throw new InvalidInputError('must be between -90 and 90 degrees', { field: `${field}.latitude` });
  }
  if (longitude !== undefined && !(longitude >= -180 && longitude <= 180)) {
    throw new InvalidInputError('must be between -180 and 180 degrees', { field: `${field}.longitude` });
  }
  if (address !== undefined && (address.trim() === '' || [...address].length > MAX_ADDRESS_LENGTH)) {
    throw new InvalidInputError(`must be non-blank and at most ${MAX_ADDRESS_LENGTH} characters`, {
      field: `${field}.address`,
    });
  }
  if (latitude === undefined && address === undefined) {
    throw new InvalidInputError('needs a point (latitude and longitude), an address, or both', { field });
  }
  return location;
}
