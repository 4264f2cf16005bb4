import { readFileSync } from 'node:fs';
import { isLoopbackHost } from '@vezel/access';
import { join } from 'node:path';
import { UsageError } from './usage-error.ts';

/**
 * The API key the vezel command calls `url` with: `VEZEL_API_KEY`, else, for a chain on this machine, the
 * operator's key that `vezel up` keeps in its data directory (`VEZEL_DATA_DIR`, default `./.vezel`). A key never
 * travels in plain http to another machine: that is refused, naming the fix.
 */
export function apiKeyFor(
  url: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const { protocol, hostname } = new URL(url);
  const local = isLoopbackHost(hostname);
  const given = env['VEZEL_API_KEY']?.trim();
  const key = given !== undefined && given !== '' ? given : local ? keptKey(env) : undefined;
  if (key !== undefined && protocol === 'http:' && !local) {
    throw new UsageError(`refusing to send an API key in plain http to ${hostname}: use an https:// --url`);
  }
  return key;
}

/** `{ authorization: 'Bearer <key>' }` when a key is found for `url`, else nothing. */
export function credentialHeader(
  url: string,
  env?: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const key = apiKeyFor(url, env);
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}

function keptKey(env: Readonly<Record<string, string | undefined>>): string | undefined {
  try {
    const kept = readFileSync(join(env['VEZEL_DATA_DIR'] ?? '.vezel', 'operator.key'), 'utf8').trim();
    return kept === '' ? undefined : kept;
  } catch {
    return undefined;
  }
}
