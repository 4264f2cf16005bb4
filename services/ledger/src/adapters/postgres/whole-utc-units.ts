import type { CollectionPeriod } from '../../domain/index.ts';

/** A calendar unit that starts at UTC midnights: a day or a month. */
export interface UtcUnit {
  /** The first start of a unit at or after `time` (milliseconds since the epoch). */
  startAtOrAfter(time: number): number;
  /** The last start of a unit at or before `time`. */
  startAtOrBefore(time: number): number;
}

const DAY_MS = 86_400_000;

export const UTC_DAY: UtcUnit = {
  startAtOrAfter: (time) => Math.ceil(time / DAY_MS) * DAY_MS,
  startAtOrBefore: (time) => Math.floor(time / DAY_MS) * DAY_MS,
};

export const UTC_MONTH: UtcUnit = {
  startAtOrAfter: (time) => {
    const start = UTC_MONTH.startAtOrBefore(time);
    if (start === time) return time;
    const day = new Date(start);
    return Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1);
  },
  startAtOrBefore: (time) => {
    const day = new Date(time);
    return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1);
  },
};

/**
 * A collection period as sums per unit answer it: the whole units it covers (`[from, to)`, as unit starts, an end
 * open where the period's is; undefined when it holds none) and the instants outside them (at most two spans at its
 * ends, read from the per-batch rows). Together they are the period exactly, once each, whatever instant or time zone
 * its ends were given in.
 */
export interface WholeUnitSplit {
  readonly whole?: { readonly from?: number; readonly to?: number };
  readonly ends: readonly { readonly from: Date; readonly to: Date }[];
}

/** Splits `period` into whole `unit`s and the spans at its ends. */
export function splitIntoWholeUnits(period: CollectionPeriod | undefined, unit: UtcUnit): WholeUnitSplit {
  const from = period?.from;
  const to = period?.to;
  const firstStart = from === undefined ? undefined : unit.startAtOrAfter(from.getTime());
  const lastStart = to === undefined ? undefined : unit.startAtOrBefore(to.getTime());
  if (firstStart !== undefined && lastStart !== undefined && firstStart >= lastStart) {
    // No whole unit inside: the period, if it is not empty, is all end.
    return { ends: from!.getTime() < to!.getTime() ? [{ from: from!, to: to! }] : [] };
  }
  const ends: { from: Date; to: Date }[] = [];
  if (from !== undefined && firstStart! > from.getTime()) ends.push({ from, to: new Date(firstStart!) });
  if (to !== undefined && lastStart! < to.getTime()) ends.push({ from: new Date(lastStart!), to });
  return {
    whole: {
      ...(firstStart === undefined ? {} : { from: firstStart }),
      ...(lastStart === undefined ? {} : { to: lastStart }),
    },
    ends,
  };
}

/** `YYYY-MM-DD` of a UTC midnight as PostgreSQL reads a date, years past 9999 included (toISOString writes `+010000`). */
export function utcDateOf(midnight: number): string {
  const day = new Date(midnight);
  const year = String(day.getUTCFullYear()).padStart(4, '0');
  return `${year}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
}
