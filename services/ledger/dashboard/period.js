/**
 * The collection period the dashboard shows, as people pick it: two calendar dates, both included. The ledger takes
 * calendar dates as days in the chain's time zone with the end excluded, so the end date becomes the next day.
 */

/**
 * @typedef {{ from: string, to: string }} Period  dates as `YYYY-MM-DD`, `to` included
 */

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period in `params`, or the current calendar year where a date is missing or malformed.
 * @param {URLSearchParams} params
 * @param {Date} [today]
 * @returns {Period}
 */
export function periodFrom(params, today = new Date()) {
  const year = today.getUTCFullYear();
  const from = params.get('from');
  const to = params.get('to');
  return {
    from: from !== null && datePattern.test(from) ? from : `${year}-01-01`,
    to: to !== null && datePattern.test(to) ? to : `${year}-12-31`,
  };
}

/**
 * `from` and `to` as the ledger's query parameters.
 * @param {Period} period
 */
export function periodQuery(period) {
  // Calendar arithmetic only: the date is read and written in UTC, so no local clock shifts it.
  const end = new Date(`${period.to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: period.from, to: end.toISOString().slice(0, 10) };
}

/**
 * The UPV reporting year of a period: the year it starts in.
 * @param {Period} period
 */
export function reportingYearOf(period) {
  return Number(period.from.slice(0, 4));
}
