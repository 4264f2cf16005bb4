/**
 * Grams as people read them. The ledger's figures are exact integer grams; the tables show them exact (three
 * decimals of a kilogram, computed with bigint so nothing is lost to floating point), tiles round to tonnes.
 */

const thousands = new Intl.NumberFormat('en-GB');

/**
 * `1,234.567 kg`: exact.
 * @param {number | bigint} grams
 */
export function kilogramsText(grams) {
  const value = BigInt(grams);
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  const rest = magnitude % 1000n;
  const whole = thousands.format(magnitude / 1000n);
  return `${sign}${whole}${rest === 0n ? '' : `.${String(rest).padStart(3, '0')}`} kg`;
}

/**
 * `102.2 t`, or kilograms below a tonne: for tiles, where the exact figure is in the tooltip.
 * @param {number | bigint} grams
 */
export function roundedMassText(grams) {
  const value = Number(grams);
  if (Math.abs(value) < 1_000_000)
    return `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(value / 1000)} kg`;
  return `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(value / 1_000_000)} t`;
}

/**
 * `12.3 %` of `whole`, or an en dash when there is nothing to divide by.
 * @param {number | bigint} part
 * @param {number | bigint} whole
 */
export function percentText(part, whole) {
  if (Number(whole) === 0) return '–';
  return `${((Number(part) / Number(whole)) * 100).toFixed(1)} %`;
}
