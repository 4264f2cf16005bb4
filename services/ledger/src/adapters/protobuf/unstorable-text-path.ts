/**
 * The path of the first string in `value` that PostgreSQL cannot store (it holds U+0000, which neither `text` nor
 * `jsonb` accept), or undefined when every string can be stored. Paths read like the fields an InvalidInputError
 * names: `location.address`, `outputs[2].fraction`.
 *
 * A fact is stored in one transaction with the rest of its batch, so one such string would fail the batch at every
 * redelivery and stop its partition; the decoder rejects the event instead.
 */
export function unstorableTextPath(value: unknown): string | undefined {
  const steps = unstorableTextSteps(value);
  if (steps === undefined) return undefined;
  let path = '';
  for (let at = steps.length - 1; at >= 0; at -= 1) {
    const step = steps[at]!;
    path = typeof step === 'number' ? `${path}[${step}]` : path === '' ? step : `${path}.${step}`;
  }
  return path;
}

/**
 * The steps to the first unstorable string, innermost first, or undefined. Every event is walked, and almost none
 * holds one, so nothing is allocated on the way down: building each field's path as it was visited made this walk
 * about a twelfth of what the ledger's apply allocated, and its garbage collection a good part of the apply's time.
 */
function unstorableTextSteps(value: unknown): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = unstorableTextSteps(value[index]);
      if (found !== undefined) {
        found.push(index);
        return found;
      }
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const found = unstorableTextSteps((value as Record<string, unknown>)[key]);
    if (found !== undefined) {
      found.push(key);
      return found;
    }
  }
  return undefined;
}
