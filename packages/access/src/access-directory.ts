import type { HolderRef, Partner } from './partner.ts';
import type { Scope } from './scope.ts';

/** An API key as the directory keeps it: never the secret, only its hash. */
export interface StoredApiKey {
  readonly keyId: string;
  readonly partnerId: string;
  readonly secretSha256: string;
  readonly scopes: readonly Scope[];
  readonly label: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | undefined;
  readonly revokedAt: Date | undefined;
}

/** What every service asks of the directory on a request. */
export interface AccessLookup {
  findPartner(partnerId: string): Promise<Partner | undefined>;
  /** A key with its partner, in one read: what every request with an API key asks. */
  findApiKeyAndPartner(keyId: string): Promise<{ readonly key: StoredApiKey; readonly partner: Partner } | undefined>;
  /** The partner a holder was given to; undefined: nobody's, so the operator's. */
  ownerOf(holder: HolderRef): Promise<string | undefined>;
}

/** What administration changes. */
export interface AccessDirectory extends AccessLookup {
  savePartner(partner: Partner): Promise<void>;
  listPartners(): Promise<readonly Partner[]>;
  /** Gives a holder to a partner; a holder another partner owns is a conflict. */
  assignHolder(partnerId: string, holder: HolderRef): Promise<void>;
  holdersOf(partnerId: string): Promise<readonly HolderRef[]>;
  saveApiKey(key: StoredApiKey): Promise<void>;
  listApiKeys(partnerId?: string): Promise<readonly StoredApiKey[]>;
  /** Revokes at once; answers false for an unknown key. Revoking twice keeps the first time. */
  revokeApiKey(keyId: string, at: Date): Promise<boolean>;
}
