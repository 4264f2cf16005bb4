/** Integer grams as exact kilograms for people: `1,234.567 kg` (no floating point on the way). */
export function kilogramsText(grams: number | bigint): string {
  const value = BigInt(grams);
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  const whole = (magnitude / 1000n).toLocaleString('en-US');
  return `${sign}${whole}.${String(magnitude % 1000n).padStart(3, '0')} kg`;
}

/** A part of a whole as a percentage with one decimal, `-` for no whole. */
export function shareText(part: number | bigint, whole: number | bigint): string {
  const total = BigInt(whole);
  if (total === 0n) return '-';
  // Tenths of a per cent, rounded half up, in integers.
  const tenths = (BigInt(part) * 2000n + total) / (2n * total);
  return `${tenths / 10n}.${tenths % 10n} %`;
}
