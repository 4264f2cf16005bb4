import type { PartnerKind } from './partner.ts';
import type { Scope } from './scope.ts';

/** Who is asking: the partner a credential belongs to, what it may do, and the credential (never its secret). */
export interface Principal {
  readonly partnerId: string;
  readonly kind: PartnerKind;
  readonly scopes: ReadonlySet<Scope>;
  /** `key:<keyId>` for an API key, `jwt:<subject>` for a bearer token: what logs and events name. */
  readonly credential: string;
}
