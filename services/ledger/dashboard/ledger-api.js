/** The ledger's HTTP API (docs/domain.md), read from the origin that served the dashboard. */

/** A refusal from the ledger (problem+json), or a failure to reach it, in words for the page. */
export class LedgerProblem extends Error {
  /**
   * @param {string} message
   * @param {{ status?: number, field?: string }} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = 'LedgerProblem';
    this.status = details.status;
    this.field = details.field;
  }
}

/**
 * GET `/v1/ledger/<path>` with query `params`; the JSON answer, or a LedgerProblem with the ledger's own words.
 * @param {string} path
 * @param {Record<string, string | undefined>} [params]
 * @returns {Promise<any>}
 */
export async function getLedger(path, params = {}) {
  const url = ledgerUrl(path, params);
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new LedgerProblem(`The ledger could not be reached (${String(error)}).`);
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = body ?? {};
    const field = typeof problem.field === 'string' ? problem.field : undefined;
    const detail = typeof problem.detail === 'string' ? problem.detail : response.statusText;
    throw new LedgerProblem(field === undefined ? detail : `${field}: ${detail}`, { status: response.status, field });
  }
  return body;
}

/**
 * The URL of a ledger resource, for fetching or for a link.
 * @param {string} path
 * @param {Record<string, string | undefined>} [params]
 */
export function ledgerUrl(path, params = {}) {
  const url = new URL(`/v1/ledger/${path}`, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}
