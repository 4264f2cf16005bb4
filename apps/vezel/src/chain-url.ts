import { UsageError } from './usage-error.ts';

/** The chain a command talks to: --url, else VEZEL_URL, else the `vezel up` default; its origin. */
export function chainBaseOf(url: string | undefined): string {
  const raw = url ?? process.env['VEZEL_URL'] ?? 'http://127.0.0.1:8080';
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  // `localhost:8080` parses as a URL with the scheme `localhost:`; only http(s) reaches a chain.
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError(`--url must be an http(s) address such as http://127.0.0.1:8080, got "${raw}"`);
  }
  return parsed.origin;
}
