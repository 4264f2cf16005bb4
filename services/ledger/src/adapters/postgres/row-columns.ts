/**
 * Rows collected as one array per column: the shape `unnest($1::text[], $2::bigint[], ...)` takes, so any number
 * of rows goes to PostgreSQL as a fixed number of parameters. `Row` names the column types in order.
 */
export class RowColumns<Row extends readonly unknown[]> {
  readonly #columns: unknown[][];

  constructor(width: Row['length']) {
    this.#columns = Array.from({ length: width }, () => []);
  }

  add(...row: Row): void {
    row.forEach((value, index) => this.#columns[index]!.push(value));
  }

  /** The column arrays, in column order: query parameters. */
  columns(): { readonly [K in keyof Row]: Row[K][] } {
    return this.#columns as unknown as { readonly [K in keyof Row]: Row[K][] };
  }
}
