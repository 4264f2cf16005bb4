/**
 * `values` as one text parameter, a value per line, which a statement reads back as an array with
 * `string_to_array($n, E'\n')` (cast to the column's type where it is not text).
 *
 * node-postgres sends an array parameter as an array literal that it builds by quoting and escaping element after
 * element onto a growing string: for the apply's id columns that was a fifth of everything the ledger process
 * allocated, and its garbage collection took a good part of the apply's time. A join is one allocation. Only for
 * values that can hold no line break and are never empty (chain ids, event types, times, numbers): an empty text
 * reads back as no element at all.
 */
export function textLines(values: readonly string[]): string {
  for (const value of values) {
    if (value === '' || value.includes('\n')) {
      throw new RangeError(`a value sent as a text line is empty or holds a line break: ${JSON.stringify(value)}`);
    }
  }
  return values.join('\n');
}
