import { ForbiddenError } from '@vezel/errors';
import type { HolderRef } from './partner.ts';
import type { Principal } from './principal.ts';
import { allows, type Scope } from './scope.ts';

/** Refuses a principal whose credential lacks `scope`. */
export function requireScope(principal: Principal, scope: Scope): void {
  if (!allows(principal.scopes, scope)) {
    throw new ForbiddenError(`this credential lacks the "${scope}" scope`, {
      details: { partnerId: principal.partnerId, requiredScope: scope },
    });
  }
}

/**
 * Whether a principal may record a fact for `holder`, whose owner is `ownerId` (undefined: no partner has been given
 * it, so it is the operator's). The operator's admin credential records for every holder; any other credential with
 * the `record` scope records for what its partner owns, and the operator's for what nobody else owns, so the
 * simulator, the demo and scripts work with the operator's key alone while a store's key cannot record a centre's run.
 */
export function authorizeRecord(principal: Principal, holder: HolderRef, ownerId: string | undefined): void {
  requireScope(principal, 'record');
  if (principal.kind === 'operator' && principal.scopes.has('admin')) return;
  if (ownerId === principal.partnerId) return;
  if (ownerId === undefined && principal.kind === 'operator') return;
  throw new ForbiddenError(`${principal.partnerId} may not record for ${holder.kind} ${holder.id}`, {
    details: { partnerId: principal.partnerId, holderKind: holder.kind, holderId: holder.id },
  });
}

/**
 * Whether a principal may read a fact that belongs to `holder` (owned by `ownerId`; undefined: the operator's). The
 * operator and auditors read everything; another partner reads what belongs to the holders it owns.
 */
export function authorizeRead(principal: Principal, holder: HolderRef, ownerId: string | undefined): void {
  requireScope(principal, 'read');
  if (principal.kind === 'operator' || principal.kind === 'auditor') return;
  if (ownerId !== undefined && ownerId === principal.partnerId) return;
  throw new ForbiddenError(`${principal.partnerId} may not read what belongs to ${holder.kind} ${holder.id}`, {
    details: { partnerId: principal.partnerId, holderKind: holder.kind, holderId: holder.id },
  });
}
