import { municipalityOf } from '@vezel/municipalities';

/** A CBS code as people read it, `Deventer (GM0150)`; a code the CBS list does not have stays as it is. */
export function municipalityText(code: string): string {
  const municipality = municipalityOf(code);
  return municipality === undefined ? code : `${municipality.name} (${code})`;
}
