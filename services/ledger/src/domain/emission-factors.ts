import { InvalidInputError } from '@vezel/errors';
import type { Outcome } from './outcome.ts';

/**
 * A versioned, sourced table of emission factors (docs/domain.md, "CO2e avoided per outcome"): kg CO2e per kg of
 * textile reaching an outcome, negative where the outcome avoids emissions (reuse displaces new clothing).
 * Factors are reference data an operator configures and cites, never constants in code.
 */
export interface EmissionFactorTable {
  /** e.g. `2026-01`; the newest version is used unless a query names one. */
  readonly version: string;
  /** Where the factors come from, for the reader of a report. */
  readonly source: string;
  readonly factors: readonly EmissionFactor[];
}

/** One outcome's factor. */
export interface EmissionFactor {
  readonly outcome: Outcome;
  /** kg CO2e per kg as an exact decimal string (`-3.4`), so grams x factor is computed without floating point. */
  readonly kgCo2ePerKg: string;
  /** The publication the figure is taken from, and its year. */
  readonly source: string;
  readonly year: number;
}

const DECIMAL = /^-?\d{1,6}(\.\d{1,6})?$/;

/**
 * The factor as an exact fraction. Throws InvalidInputError naming the field for anything but a plain decimal.
 */
export function factorFraction(
  factor: Pick<EmissionFactor, 'kgCo2ePerKg'>,
  field = 'kgCo2ePerKg',
): { numerator: bigint; denominator: bigint } {
  if (!DECIMAL.test(factor.kgCo2ePerKg)) {
    throw new InvalidInputError(
      `${field} must be a decimal number such as -3.4, got ${JSON.stringify(factor.kgCo2ePerKg)}`,
      {
        field,
      },
    );
  }
  const [whole, fraction = ''] = factor.kgCo2ePerKg.split('.');
  const denominator = 10n ** BigInt(fraction.length);
  const negative = whole!.startsWith('-');
  const magnitude = BigInt(whole!.replace('-', '')) * denominator + BigInt(fraction === '' ? '0' : fraction);
  return { numerator: negative ? -magnitude : magnitude, denominator };
}

/** grams x factor in whole grams CO2e (kg per kg = g per g), rounded half away from zero. */
export function co2eGramsOf(grams: bigint, factor: Pick<EmissionFactor, 'kgCo2ePerKg'>): bigint {
  const { numerator, denominator } = factorFraction(factor);
  const product = grams * numerator;
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return product < 0n ? -rounded : rounded;
}
