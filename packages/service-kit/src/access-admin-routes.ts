import type { AccessControl, StoredApiKey } from '@vezel/access';
import { readJson } from '@vezel/rpc';
import { Router, type RequestHandler } from 'express';
import { accessAdminOpenApiDocument } from './access-admin-openapi.ts';
import * as administration from './access-administration.ts';
import { requireCallerScope } from './caller-scope.ts';

const base = '/v1/access';

/**
 * The administration of who may call over HTTP: partners, the holders they own, and their API keys. Every route
 * needs the `admin` scope (only the operator's credentials have it). A key's token is in the answer that creates it
 * and nowhere else: it is not stored, listed or logged.
 */
export function createAccessAdminRouter(access: AccessControl): RequestHandler {
  const { directory } = access;
  const router = Router();
  router.get(`${base}/openapi.json`, (_req, res) => {
    res.json(accessAdminOpenApiDocument);
  });
  // Everything under the base but the document above needs the operator's admin credential; mounted on the router,
  // the check matches every path the routes below match.
  router.use(
    base,
    requireCallerScope(access, () => 'admin'),
  );
  const text = { maxLength: 1_000, minLength: 0 } as const;

  router.post(`${base}/partners`, async (req, res) => {
    const input = readJson(req.body, (body) => ({
      partnerId: body.string('partnerId', text),
      kind: body.string('kind', text),
      name: body.string('name', text),
    }));
    const partner = await administration.savePartner(directory, input);
    res
      .status(201)
      .location(`${base}/partners/${encodeURIComponent(partner.partnerId)}`)
      .json(partner);
  });

  router.get(`${base}/partners`, async (_req, res) => {
    res.json({ partners: await administration.listPartners(directory) });
  });

  router.post(`${base}/partners/:partnerId/holders`, async (req, res) => {
    const { partnerId } = readJson(req.params, (params) => ({ partnerId: params.string('partnerId', text) }));
    const holder = await administration.assignHolder(directory, {
      partnerId,
      ...readJson(req.body, (body) => ({ kind: body.string('kind', text), id: body.string('id', text) })),
    });
    res.status(201).json({ partnerId, holder });
  });

  router.post(`${base}/keys`, async (req, res) => {
    const input = readJson(req.body, (body) => {
      const label = body.optionalString('label', text);
      const expiresAt = body.optionalTimestamp('expiresAt');
      return {
        partnerId: body.string('partnerId', text),
        scope: body.string('scope', text),
        ...(label === undefined ? {} : { label }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      };
    });
    const { key, token } = await administration.createPartnerApiKey(directory, input);
    res
      .status(201)
      .location(`${base}/keys/${key.keyId}`)
      .set('Cache-Control', 'no-store')
      .json({ ...keyJson(key), token });
  });

  router.get(`${base}/keys`, async (req, res) => {
    const { partnerId } = readJson(req.query, (query) => ({ partnerId: query.optionalString('partnerId', text) }));
    res.json({ keys: (await administration.listApiKeys(directory, partnerId)).map(keyJson) });
  });

  router.post(`${base}/keys/:keyId/revoke`, async (req, res) => {
    const { keyId } = readJson(req.params, (params) => ({ keyId: params.string('keyId', text) }));
    res.json(keyJson(await administration.revokeApiKey(directory, keyId)));
  });

  return router;
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
