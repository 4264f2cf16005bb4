import type { Authenticate } from './authenticator.ts';
import type { AccessDirectory } from './access-directory.ts';
import type { HolderRef } from './partner.ts';

/**
 * What a host gives the services it runs so they check every request: who is asking, and who owns a holder. A host
 * that gives none runs them open, which only tests and an explicit `AUTH=disabled` do.
 */
export interface AccessControl {
  readonly authenticate: Authenticate;
  readonly ownerOf: (holder: HolderRef) => Promise<string | undefined>;
  /** The directory itself, for the administration API (partners, holders, keys). */
  readonly directory: AccessDirectory;
}
