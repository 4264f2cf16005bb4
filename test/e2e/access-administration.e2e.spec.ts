import { createApiKey, openAccessControl, type AccessControl } from '@vezel/access';
import { AccessService } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { ledgerServiceWith } from '@vezel/ledger/module';
import { retailService } from '@vezel/retail/module';
import { createGrpcClient } from '@vezel/rpc';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, runToEnd, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../support/running-chain.ts';

/*
 * The operator administers who may call through the ledger's `/v1/access` API, and every service sees the change on
 * its next request: a store's new key records for the store it was given, and stops at once when revoked.
 */
let accessDb: Db;
let accessDatabaseUrl: string;
let access: AccessControl;
let chain: RunningChain;
let admin: string;
const vezelScript = fileURLToPath(new URL('../../apps/vezel/src/vezel.ts', import.meta.url));

beforeAll(async () => {
  accessDatabaseUrl = await createTestDatabase('access-admin');
  accessDb = createPgDb({ connectionString: accessDatabaseUrl, schema: 'access' });
  const opened = await openAccessControl(accessDb, { mode: 'enabled', schema: 'access', bearerTokens: undefined });
  access = opened.control;
  await opened.directory.savePartner({ partnerId: 'operator', kind: 'operator', name: 'Operator' });
  admin = (await createApiKey(opened.directory, { partnerId: 'operator', scopes: ['admin'] })).token;
  chain = await startChain([retailService, ledgerServiceWith({ topics: [], groupId: uniqueGroupId('access-admin') })], {
    access,
  });
}, 120_000);

afterAll(async () => {
  await chain?.stop();
  await accessDb?.close();
});

async function call(
  method: 'GET' | 'POST',
  service: 'ledger' | 'retail',
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${chain.services[service]!.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sale = (saleId: string, storeId: string) => ({
  saleId,
  storeId,
  lotId: `L-${storeId}`,
  grams: 100,
  items: 1,
  soldAt: '2026-05-01T12:00:00Z',
});

describe('administering partners and keys', () => {
  it('registers a store, gives it its store, makes it a key that works at once and stops at once', async () => {
    expect(
      (
        await call('POST', 'ledger', '/v1/access/partners', admin, {
          partnerId: 'kringloop-zwolle',
          kind: 'store',
          name: 'Kringloop Zwolle',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', 'ledger', '/v1/access/partners/kringloop-zwolle/holders', admin, {
          kind: 'store',
          id: 'ST-ZWOLLE',
        })
      ).status,
    ).toBe(201);
    // A holder is one partner's: giving it to another is a conflict naming the owner.
    await call('POST', 'ledger', '/v1/access/partners', admin, {
      partnerId: 'other-store',
      kind: 'store',
      name: 'Other',
    });
    const taken = await call('POST', 'ledger', '/v1/access/partners/other-store/holders', admin, {
      kind: 'store',
      id: 'ST-ZWOLLE',
    });
    expect(taken).toMatchObject({ status: 409, body: { field: 'id', partnerId: 'kringloop-zwolle' } });
    // A partner owns its own kind of holder: a store cannot be given a centre (it would record the centre's runs).
    const wrongKind = await call('POST', 'ledger', '/v1/access/partners/other-store/holders', admin, {
      kind: 'centre',
      id: 'SC-OTHER',
    });
    expect(wrongKind).toMatchObject({ status: 400, body: { field: 'kind', partnerKind: 'store' } });

    const created = await call('POST', 'ledger', '/v1/access/keys', admin, {
      partnerId: 'kringloop-zwolle',
      scope: 'read record',
      label: 'till 1',
    });
    expect(created).toMatchObject({ status: 201, body: { partnerId: 'kringloop-zwolle', scope: 'read record' } });
    const token = created.body['token'] as string;
    const keyId = created.body['keyId'] as string;
    expect(token).toMatch(/^vzk_[0-9a-f]{16}_/);

    // The operator received a lot at the store (nobody else may record for it); the store sells from it itself.
    const receipt = {
      receiptId: 'R-Z1',
      lotId: 'L-ST-ZWOLLE',
      storeId: 'ST-ZWOLLE',
      grams: 5_000,
      receivedAt: '2026-05-01T08:00:00Z',
    };
    expect((await call('POST', 'retail', '/v1/retail/receipts', admin, receipt)).status).toBe(201);
    expect((await call('POST', 'retail', '/v1/retail/sales', token, sale('SALE-Z1', 'ST-ZWOLLE'))).status).toBe(201);
    expect((await call('POST', 'retail', '/v1/retail/sales', token, sale('SALE-Z2', 'S-ELSEWHERE'))).status).toBe(403);

    const listed = await call('GET', 'ledger', '/v1/access/keys?partnerId=kringloop-zwolle', admin);
    expect(JSON.stringify(listed.body)).not.toContain(token.slice(-43));
    expect(listed.body['keys']).toEqual([expect.objectContaining({ keyId, label: 'till 1' })]);

    expect((await call('POST', 'ledger', `/v1/access/keys/${keyId}/revoke`, admin)).body).toMatchObject({ keyId });
    const refused = await call('POST', 'retail', '/v1/retail/sales', token, sale('SALE-Z3', 'ST-ZWOLLE'));
    expect(refused).toMatchObject({ status: 401, body: { detail: `API key ${keyId} has been revoked` } });
  });

  it('is what `vezel partners` and `vezel keys` drive, with the operator key from VEZEL_API_KEY', async () => {
    const url = chain.services['ledger']!.url;
    const vezel = (...args: string[]) =>
      runToEnd(process.execPath, [vezelScript, ...args, '--url', url], {
        env: { ...process.env, VEZEL_API_KEY: admin },
      });
    const added = await vezel('partners', 'add', 'GM0193', '--kind', 'municipality', '--name', 'Zwolle');
    expect(added).toMatchObject({ code: 0 });
    expect((await vezel('partners', 'give', 'GM0193', 'municipality', 'GM0193')).code).toBe(0);
    const created = await vezel('keys', 'create', 'GM0193', '--scope', 'read', '--label', 'alderman');
    expect(created.code).toBe(0);
    const token = /token \(shown this once; keep it as a secret\): (vzk_\S+)/.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    const listed = await vezel('keys', 'list', 'GM0193');
    expect(listed.stdout).toContain('"label": "alderman"');
    expect(listed.stdout).not.toContain(token!.slice(-43));
    // Without the operator's key the same command is refused, saying why.
    const anonymous = await runToEnd(process.execPath, [vezelScript, 'keys', 'list', '--url', url], {
      env: { ...process.env, VEZEL_API_KEY: '' },
    });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('the chain answered 401');
  });

  it('bootstraps the operator’s first admin key from the database, for a chain nobody can call yet', async () => {
    const bootstrap = await runToEnd(process.execPath, [vezelScript, 'keys', 'bootstrap'], {
      env: { ...process.env, DATABASE_URL: accessDatabaseUrl, ACCESS_SCHEMA: 'access' },
    });
    expect(bootstrap).toMatchObject({ code: 0 });
    const token = /token \(shown this once; keep it as a secret\): (vzk_\S+)/.exec(bootstrap.stdout)?.[1];
    const partners = await call('GET', 'ledger', '/v1/access/partners', token);
    expect(partners.status).toBe(200);
  });

  it('is served over gRPC too: the same operations, the same rules, for the operator’s admin key', async () => {
    const client = createGrpcClient(AccessService, chain.services['ledger']!.grpcAddress);
    const asAdmin = { metadata: { authorization: `Bearer ${admin}` } };
    try {
      await client.savePartner(
        { partner: { partnerId: 'recycler-x', kind: 'processor', name: 'Recycler X' } },
        asAdmin,
      );
      await client.assignHolder({ partnerId: 'recycler-x', holder: { kind: 'processor', id: 'P-X' } }, asAdmin);
      const created = await client.createApiKey({ partnerId: 'recycler-x', scope: 'read record' }, asAdmin);
      expect(created.token).toMatch(/^vzk_/);
      const listed = await client.listPartners({}, asAdmin);
      expect(listed.partners.find((partner) => partner.partnerId === 'recycler-x')).toMatchObject({
        kind: 'processor',
        holders: [{ kind: 'processor', id: 'P-X' }],
      });
      // The recycler's own key administers nothing, and bad input names its field.
      const asRecycler = { metadata: { authorization: `Bearer ${created.token}` } };
      await expect(client.listApiKeys({}, asRecycler)).rejects.toMatchObject({ code: 7 });
      await expect(client.createApiKey({ partnerId: 'recycler-x', scope: 'admin' }, asAdmin)).rejects.toMatchObject({
        code: 3,
      });
      const revoked = await client.revokeApiKey({ keyId: created.key!.keyId }, asAdmin);
      expect(revoked.key?.revokedAt).toBeDefined();
      await expect(client.listPartners({}, asRecycler)).rejects.toMatchObject({ code: 16 });
    } finally {
      client.close();
    }
  });

  it('refuses the admin scope to anyone but the operator, and bad input naming the field', async () => {
    const adminForStore = await call('POST', 'ledger', '/v1/access/keys', admin, {
      partnerId: 'other-store',
      scope: 'admin',
    });
    expect(adminForStore).toMatchObject({ status: 400, body: { field: 'scope' } });
    const unknownScope = await call('POST', 'ledger', '/v1/access/keys', admin, {
      partnerId: 'other-store',
      scope: 'root',
    });
    expect(unknownScope).toMatchObject({ status: 400, body: { field: 'scope' } });
    const unknownKind = await call('POST', 'ledger', '/v1/access/partners', admin, {
      partnerId: 'x',
      kind: 'bank',
      name: 'X',
    });
    expect(unknownKind).toMatchObject({ status: 400, body: { field: 'kind' } });
    const nobody = await call('POST', 'ledger', '/v1/access/keys', admin, { partnerId: 'nobody', scope: 'read' });
    expect(nobody).toMatchObject({ status: 404, body: { field: 'partnerId' } });
    expect((await call('POST', 'ledger', '/v1/access/keys/0000000000000000/revoke', admin)).status).toBe(404);
  });
});
