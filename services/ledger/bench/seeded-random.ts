/**
 * A seeded pseudo-random source: the same seed gives the same sequence on every machine and Node version, so a
 * generated chain is reproducible from its seed alone (Math.random is neither seedable nor stable).
 */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items`, each as likely. */
  pick<T>(items: readonly T[]): T;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast chaotic generator, 128 bits of state) seeded through splitmix32:
 * fast, passes PractRand far beyond the few tens of millions of draws a chain needs, and 32-bit only, so it stays
 * in V8's small-integer arithmetic. `stream` gives an independent sequence for the same seed.
 */
export function seededRandom(seed: number, stream = 0): SeededRandom {
  let state = (Math.imul(seed | 0, 0x9e37_79b9) ^ Math.imul(stream | 0, 0x85eb_ca6b)) >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e37_79b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0_aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a_2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of a freshly seeded sfc32 are still close to its seed.
  for (let index = 0; index < 12; index += 1) nextUint32();

  const next = (): number => nextUint32() / 4_294_967_296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * A picker of `items` in proportion to `weights` (binary search over the cumulative weights, so picking among a
 * few dozen municipalities a hundred thousand times stays cheap).
 */
export function weightedPicker<T>(items: readonly T[], weights: readonly number[]): (random: SeededRandom) => T {
  if (items.length === 0 || items.length !== weights.length) {
    throw new RangeError('weightedPicker: one weight per item');
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    if (!(weight > 0)) throw new RangeError(`weightedPicker: weights must be positive, got ${weight}`);
    total += weight;
    cumulative.push(total);
  }
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return items[low]!;
  };
}

/** A 32-bit integer hash (the finaliser of MurmurHash3): neighbouring inputs give unrelated outputs. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
