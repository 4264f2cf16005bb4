/**
 * The period a command asks about: `--from` and `--to` as given (calendar dates or date-times, read by the ledger in
 * the chain's time zone), else this calendar year, its end excluded.
 */
export function periodOrThisYear(values: { readonly from?: string; readonly to?: string }): {
  readonly from: string;
  readonly to: string;
} {
  const year = new Date().getUTCFullYear();
  return { from: values.from ?? `${year}-01-01`, to: values.to ?? `${year + 1}-01-01` };
}
