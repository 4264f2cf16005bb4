import {
  createApiKey,
  isScope,
  PARTNER_KINDS,
  requireScope,
  SCOPES,
  type AccessControl,
  type HolderRef,
  type Scope,
  type StoredApiKey,
} from '@vezel/access';
import { InvalidInputError, NotFoundError } from '@vezel/errors';
import { readJson } from '@vezel/rpc';
import { Router, type Request, type RequestHandler } from 'express';
import { accessAdminOpenApiDocument } from './access-admin-openapi.ts';
import { httpCredential } from './http-credential.ts';

const base = '/v1/access';
const HOLDER_KINDS = ['centre', 'store', 'processor', 'municipality'] as const;
const id = { maxLength: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/ } as const;

/**
 * The administration of who may call: partners, the holders they own, and their API keys. Every route needs the
 * `admin` scope. A key's token is in the answer that creates it and nowhere else: it is not stored, listed or logged.
 */
export function createAccessAdminRouter(access: AccessControl): RequestHandler {
  const { directory } = access;
  const router = Router();
  router.get(`${base}/openapi.json`, (_req, res) => {
    res.json(accessAdminOpenApiDocument);
  });
  const admin = async (req: Request): Promise<void> => {
    requireScope(await access.authenticate(httpCredential(req)), 'admin');
  };

  router.post(`${base}/partners`, async (req, res) => {
    await admin(req);
    const partner = readJson(req.body, (input) => ({
      partnerId: input.string('partnerId', id),
      kind: input.oneOf('kind', PARTNER_KINDS),
      name: input.string('name', { maxLength: 200 }),
    }));
    await directory.savePartner(partner);
    res
      .status(201)
      .location(`${base}/partners/${encodeURIComponent(partner.partnerId)}`)
      .json(partner);
  });

  router.get(`${base}/partners`, async (req, res) => {
    await admin(req);
    const partners = await directory.listPartners();
    const withHolders = await Promise.all(
      partners.map(async (partner) => ({ ...partner, holders: await directory.holdersOf(partner.partnerId) })),
    );
    res.json({ partners: withHolders });
  });

  router.post(`${base}/partners/:partnerId/holders`, async (req, res) => {
    await admin(req);
    const partnerId = req.params['partnerId'];
    const holder: HolderRef = readJson(req.body, (input) => ({
      kind: input.oneOf('kind', HOLDER_KINDS),
      id: input.string('id', id),
    }));
    await directory.assignHolder(partnerId, holder);
    res.status(201).json({ partnerId, holder });
  });

  router.post(`${base}/keys`, async (req, res) => {
    await admin(req);
    const request = readJson(req.body, (input) => ({
      partnerId: input.string('partnerId', id),
      scopes: readScopes(input.string('scope', { maxLength: 100 })),
      label: input.optionalString('label', { maxLength: 200 }),
      expiresAt: input.optionalTimestamp('expiresAt'),
    }));
    const partner = await directory.findPartner(request.partnerId);
    if (partner === undefined) throw new NotFoundError(`no partner ${request.partnerId}`, { field: 'partnerId' });
    if (request.scopes.includes('admin') && partner.kind !== 'operator') {
      throw new InvalidInputError('only the operator’s keys may have the admin scope', { field: 'scope' });
    }
    const created = await createApiKey(directory, {
      partnerId: request.partnerId,
      scopes: request.scopes,
      ...(request.label === undefined ? {} : { label: request.label }),
      ...(request.expiresAt === undefined ? {} : { expiresAt: request.expiresAt }),
    });
    const [stored] = (await directory.listApiKeys(request.partnerId)).filter((key) => key.keyId === created.keyId);
    res
      .status(201)
      .location(`${base}/keys/${created.keyId}`)
      .set('Cache-Control', 'no-store')
      .json({ ...keyJson(stored!), token: created.token });
  });

  router.get(`${base}/keys`, async (req, res) => {
    await admin(req);
    const { partnerId } = readJson(req.query, (input) => ({ partnerId: input.optionalString('partnerId', id) }));
    res.json({ keys: (await directory.listApiKeys(partnerId)).map(keyJson) });
  });

  router.post(`${base}/keys/:keyId/revoke`, async (req, res) => {
    await admin(req);
    const keyId = req.params['keyId'];
    if (!(await directory.revokeApiKey(keyId, new Date()))) {
      throw new NotFoundError(`no API key ${keyId}`, { field: 'keyId' });
    }
    const [revoked] = (await directory.listApiKeys()).filter((key) => key.keyId === keyId);
    res.json(keyJson(revoked!));
  });

  return router;
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

/** A key as the API shows it: never its secret or its hash. */
function keyJson(key: StoredApiKey): Record<string, unknown> {
  return {
    keyId: key.keyId,
    partnerId: key.partnerId,
    scope: key.scopes.join(' '),
    label: key.label,
    createdAt: key.createdAt.toISOString(),
    ...(key.expiresAt === undefined ? {} : { expiresAt: key.expiresAt.toISOString() }),
    ...(key.revokedAt === undefined ? {} : { revokedAt: key.revokedAt.toISOString() }),
  };
}
