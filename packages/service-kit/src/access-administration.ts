import {
  createApiKey,
  isPartnerKind,
  isScope,
  PARTNER_KINDS,
  SCOPES,
  type AccessDirectory,
  type HolderRef,
  type Partner,
  type Scope,
  type StoredApiKey,
  HOLDER_KINDS,
  mayOwn,
} from '@vezel/access';
import { InvalidInputError, NotFoundError } from '@vezel/errors';

// The administration of who may call, once for HTTP and gRPC: each operation checks its own values, naming the field
// as both transports name it, and the transports only read their request into these inputs.

const holderKinds: ReadonlySet<string> = new Set(HOLDER_KINDS);
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function requireAccessId(value: string, field: string): string {
  if (!idPattern.test(value)) {
    throw new InvalidInputError('must be 1-128 letters, digits, dots, dashes, underscores or colons', { field });
  }
  return value;
}

/** Registers a partner, or renames one. */
export async function savePartner(
  directory: AccessDirectory,
  input: { readonly partnerId: string; readonly kind: string; readonly name: string },
): Promise<Partner> {
  const partnerId = requireAccessId(input.partnerId, 'partnerId');
  if (!isPartnerKind(input.kind)) {
    throw new InvalidInputError(`must be one of ${PARTNER_KINDS.join(', ')}, got "${input.kind}"`, { field: 'kind' });
  }
  const name = input.name.trim();
  if (name === '' || [...name].length > 200 || !name.isWellFormed() || name.includes('\u0000')) {
    throw new InvalidInputError('must be a name of 1-200 characters', { field: 'name' });
  }
  const partner = { partnerId, kind: input.kind, name };
  await directory.savePartner(partner);
  return partner;
}

/** Every partner with the holders it owns. */
export async function listPartners(
  directory: AccessDirectory,
): Promise<(Partner & { readonly holders: readonly HolderRef[] })[]> {
  const partners = await directory.listPartners();
  return Promise.all(
    partners.map(async (partner) => ({ ...partner, holders: await directory.holdersOf(partner.partnerId) })),
  );
}

/** Gives a holder to a partner. */
export async function assignHolder(
  directory: AccessDirectory,
  input: { readonly partnerId: string; readonly kind: string; readonly id: string },
): Promise<HolderRef> {
  const partnerId = requireAccessId(input.partnerId, 'partnerId');
  if (!holderKinds.has(input.kind)) {
    throw new InvalidInputError(`must be one of ${HOLDER_KINDS.join(', ')}, got "${input.kind}"`, {
      field: 'kind',
    });
  }
  const holder = { kind: input.kind as HolderRef['kind'], id: requireAccessId(input.id, 'id') };
  const partner = await directory.findPartner(partnerId);
  if (partner !== undefined && !mayOwn(partner.kind, holder.kind)) {
    throw new InvalidInputError(`a ${partner.kind} partner cannot own a ${holder.kind}`, {
      field: 'kind',
      details: { partnerId, partnerKind: partner.kind },
    });
  }
  await directory.assignHolder(partnerId, holder);
  return holder;
}

/** Makes a key for a partner: the stored key, and its token, which is never shown again. */
export async function createPartnerApiKey(
  directory: AccessDirectory,
  input: { readonly partnerId: string; readonly scope: string; readonly label?: string; readonly expiresAt?: Date },
): Promise<{ readonly key: StoredApiKey; readonly token: string }> {
  const partnerId = requireAccessId(input.partnerId, 'partnerId');
  const scopes = readScopes(input.scope);
  const label = input.label ?? '';
  if ([...label].length > 200 || !label.isWellFormed() || label.includes('\u0000')) {
    throw new InvalidInputError('must be at most 200 characters', { field: 'label' });
  }
  const partner = await directory.findPartner(partnerId);
  if (partner === undefined) throw new NotFoundError(`no partner ${partnerId}`, { field: 'partnerId' });
  if (scopes.includes('admin') && partner.kind !== 'operator') {
    throw new InvalidInputError('only the operator’s keys may have the admin scope', { field: 'scope' });
  }
  const created = await createApiKey(directory, {
    partnerId,
    scopes,
    label,
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
  });
  const [key] = (await directory.listApiKeys(partnerId)).filter((stored) => stored.keyId === created.keyId);
  return { key: key!, token: created.token };
}

/** Keys, never their secrets; of one partner when `partnerId` is given. */
export async function listApiKeys(directory: AccessDirectory, partnerId?: string): Promise<readonly StoredApiKey[]> {
  return directory.listApiKeys(partnerId === undefined ? undefined : requireAccessId(partnerId, 'partnerId'));
}

/** Revokes a key at once. */
export async function revokeApiKey(directory: AccessDirectory, keyId: string): Promise<StoredApiKey> {
  const id = requireAccessId(keyId, 'keyId');
  if (!(await directory.revokeApiKey(id, new Date()))) throw new NotFoundError(`no API key ${id}`, { field: 'keyId' });
  const [revoked] = (await directory.listApiKeys()).filter((key) => key.keyId === id);
  return revoked!;
}

function readScopes(scope: string): Scope[] {
  const words = scope.split(' ').filter((word) => word !== '');
  const unknown = words.find((word) => !isScope(word));
  if (words.length === 0 || unknown !== undefined) {
    throw new InvalidInputError(`must list scopes from ${SCOPES.join(', ')}, separated by spaces`, {
      field: 'scope',
    });
  }
  return [...new Set(words.filter(isScope))];
}
