import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The API key the vezel command calls a chain with: `VEZEL_API_KEY`, else the operator's key that `vezel up` keeps
 * in its data directory (`VEZEL_DATA_DIR`, default `./.vezel`). A chain that authenticates refuses calls without
 * one (401); `vezel keys create` makes more.
 */
export function apiKeyFromEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const key = env['VEZEL_API_KEY']?.trim();
  if (key !== undefined && key !== '') return key;
  try {
    const kept = readFileSync(join(env['VEZEL_DATA_DIR'] ?? '.vezel', 'operator.key'), 'utf8').trim();
    return kept === '' ? undefined : kept;
  } catch {
    return undefined;
  }
}

/** `{ authorization: 'Bearer <key>' }` when a key is found, else nothing. */
export function credentialHeader(env?: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const key = apiKeyFromEnvironment(env);
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}
