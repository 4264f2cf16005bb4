import { createOperatorKey, openAccessControl, type Scope } from '@vezel/access';
import { createPgDb } from '@vezel/db';

/**
 * Registers the operator in the access directory of `databaseUrl` (schema `access`, created if missing) and makes
 * it an API key, as an operator does before calling a service that authenticates. Returns the key's token.
 */
export async function createOperatorApiKey(databaseUrl: string, scopes: readonly Scope[] = ['admin']): Promise<string> {
  const db = createPgDb({ connectionString: databaseUrl, schema: 'access', maxConnections: 2 });
  try {
    const { directory } = await openAccessControl(db, { mode: 'enabled', schema: 'access', bearerTokens: undefined });
    return (await createOperatorKey(directory, { scopes, label: 'test' })).token;
  } finally {
    await db.close();
  }
}
