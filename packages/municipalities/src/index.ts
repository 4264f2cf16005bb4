export { MUNICIPALITY_CODE_PATTERN, type Municipality } from './municipality.ts';
export {
  DUTCH_MUNICIPALITIES,
  DUTCH_PROVINCES,
  MUNICIPALITY_LIST_YEAR,
  municipalityOf,
} from './dutch-municipalities.ts';
export { requireMunicipality } from './require-municipality.ts';
