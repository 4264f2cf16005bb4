import { credentialHeader } from '../api-credential.ts';

/** The ledger answered with a problem: the user's input (or the chain) is at fault, named by the ledger. */
export class LedgerAnswerError extends Error {
  override readonly name = 'LedgerAnswerError';
  /** The HTTP status the ledger answered with. */
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/**
 * GETs a ledger path and returns its body (parsed JSON, or text for other types). A problem+json answer becomes
 * a LedgerAnswerError with the ledger's own words and the field it names; a ledger that cannot be reached lets
 * fetch's TypeError through (the vezel command reports it).
 */
export async function getFromLedger(base: string, path: string, accept = 'application/json'): Promise<unknown> {
  const response = await fetch(`${base}/v1/ledger/${path}`, { headers: { accept, ...credentialHeader(base) } });
  const text = await response.text();
  if (response.status >= 400) {
    let problem: { detail?: string; title?: string; field?: string } = {};
    try {
      problem = JSON.parse(text) as typeof problem;
    } catch {
      problem = { detail: text.slice(0, 200) };
    }
    const field = problem.field === undefined ? '' : ` (${problem.field})`;
    throw new LedgerAnswerError(
      `the ledger answered ${response.status}: ${problem.detail ?? problem.title ?? 'no reason given'}${field}`,
      response.status,
    );
  }
  return (response.headers.get('content-type') ?? '').includes('json') ? parseExactJson(text) : text;
}

type Reviver = (key: string, value: unknown, context?: { readonly source?: string }) => unknown;

/** JSON whose integers beyond 2^53 come back as exact bigints, read from their source text. */
function parseExactJson(text: string): unknown {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === 'number' &&
    Number.isInteger(value) &&
    !Number.isSafeInteger(value) &&
    context?.source !== undefined
      ? BigInt(context.source)
      : value;
  return JSON.parse(text, reviver);
}
