import type { AccessDirectory } from './access-directory.ts';
import { issueApiKey } from './api-key.ts';
import type { Scope } from './scope.ts';

/** A key just made: its token, shown this once, and its id, which is what is logged and revoked. */
export interface CreatedApiKey {
  readonly keyId: string;
  readonly token: string;
}

/** Makes a key for a partner and stores only its hash. */
export async function createApiKey(
  directory: AccessDirectory,
  request: {
    readonly partnerId: string;
    readonly scopes: readonly Scope[];
    readonly label?: string;
    readonly expiresAt?: Date;
    readonly now?: Date;
  },
): Promise<CreatedApiKey> {
  const issued = issueApiKey();
  await directory.saveApiKey({
    keyId: issued.keyId,
    partnerId: request.partnerId,
    secretSha256: issued.secretSha256,
    scopes: request.scopes,
    label: request.label ?? '',
    createdAt: request.now ?? new Date(),
    expiresAt: request.expiresAt,
    revokedAt: undefined,
  });
  return { keyId: issued.keyId, token: issued.token };
}
