/**
 * The API key the vezel command calls a chain with: `VEZEL_API_KEY`. A chain that authenticates refuses calls
 * without one (401); `vezel keys create` makes keys, and `vezel up` keeps the operator's in its data directory.
 */
export function apiKeyFromEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const key = env['VEZEL_API_KEY']?.trim();
  return key === undefined || key === '' ? undefined : key;
}

/** `{ authorization: 'Bearer <key>' }` when a key is set, else nothing. */
export function credentialHeader(env?: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const key = apiKeyFromEnvironment(env);
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}
