/**
 * The path of the first string in `value` that PostgreSQL cannot store (it holds U+0000, which neither `text` nor
 * `jsonb` accept), or undefined when every string can be stored. Paths read like the fields an InvalidInputError
 * names: `location.address`, `outputs[2].fraction`.
 *
 * A fact is stored in one transaction with the rest of its batch, so one such string would fail the batch at every
 * redelivery and stop its partition; the decoder rejects the event instead.
 */
export function unstorableTextPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextPath(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = unstorableTextPath(item, path === '' ? key : `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
