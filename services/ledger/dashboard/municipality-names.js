import { getLedger } from './ledger-api.js';

/**
 * @typedef {(code: string) => string} MunicipalityLabel
 *   a CBS code as people read it, `Deventer (GM0150)`; a code the CBS list lacks stays as it is
 */

/** @type {Promise<MunicipalityLabel> | undefined} */
let loading;

/**
 * The ledger's CBS municipality list (`GET /v1/ledger/municipalities`), fetched once per page load, as a labelling
 * function. Names are a courtesy: when the list cannot be had, codes stand alone and the figures still draw, and the
 * next page view asks again.
 * @returns {Promise<MunicipalityLabel>}
 */
export function loadMunicipalityLabels() {
  if (loading === undefined) {
    loading = getLedger('municipalities').then(
      (list) => municipalityLabelsOf(list.municipalities),
      () => {
        loading = undefined;
        return (/** @type {string} */ code) => code;
      },
    );
  }
  return loading;
}

/**
 * @param {readonly { code: string, name: string }[]} municipalities
 * @returns {MunicipalityLabel}
 */
export function municipalityLabelsOf(municipalities) {
  const names = new Map(municipalities.map((municipality) => [municipality.code, municipality.name]));
  return (code) => {
    const name = names.get(code);
    return name === undefined ? code : `${name} (${code})`;
  };
}
