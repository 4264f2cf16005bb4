import type { AccessDirectory } from './access-directory.ts';
import { issueApiKey } from './api-key.ts';
import type { Scope } from './scope.ts';

/** A key just made: its token, shown this once, and its id, which is what is logged and revoked. */
export interface CreatedApiKey {
  readonly keyId: string;
  readonly token: string;
}

/** Registers the operator, the partner that runs the chain, unless it is there already. */
export async function ensureOperatorPartner(directory: AccessDirectory): Promise<void> {
  if ((await directory.findPartner('operator')) === undefined) {
    await directory.savePartner({ partnerId: 'operator', kind: 'operator', name: 'The operator' });
  }
}

/** The operator (registered when missing) and a new key of its, by default its admin key. */
export async function createOperatorKey(
  directory: AccessDirectory,
  options: { readonly label?: string; readonly scopes?: readonly Scope[] } = {},
): Promise<CreatedApiKey> {
  await ensureOperatorPartner(directory);
  return createApiKey(directory, {
    partnerId: 'operator',
    scopes: options.scopes ?? ['admin'],
    ...(options.label === undefined ? {} : { label: options.label }),
  });
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
