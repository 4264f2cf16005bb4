import { formatKilograms, type Grams } from '@vezel/grams';

/** Integer grams from a ledger answer as exact kilograms for people: `1,234.567 kg` (CO2e may be negative). */
export function kilogramsText(grams: number | bigint): string {
  return formatKilograms(BigInt(grams) as Grams);
}

/** A part of a whole as a percentage with one decimal, `-` for no whole. */
export function shareText(part: number | bigint, whole: number | bigint): string {
  const total = BigInt(whole);
  if (total === 0n) return '-';
  // Tenths of a per cent, rounded half up, in integers.
  const tenths = (BigInt(part) * 2000n + total) / (2n * total);
  return `${tenths / 10n}.${tenths % 10n} %`;
}
