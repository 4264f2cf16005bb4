import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPgDb, type Db } from '@vezel/db';
import { UnauthenticatedError } from '@vezel/errors';
import { createTestDatabase } from '@vezel/testing';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createAuthenticator,
  createBearerTokenVerifier,
  openAccessControl,
  type AccessDirectory,
  type Authenticate,
} from '../src/index.ts';

const issuer = 'https://idp.test.vezel';
const audience = 'vezel-api';

/** An identity provider on loopback: it publishes the public keys it is told to, and signs with the private ones. */
interface TestIssuer {
  readonly jwksUrl: URL;
  /** Makes a new signing key and publishes it (alone, or beside the ones published before). */
  rotate(options?: { readonly keepOld?: boolean }): Promise<void>;
  sign(
    claims: Record<string, unknown>,
    options?: { readonly expiresIn?: string | number; readonly audience?: string; readonly issuer?: string },
  ): Promise<string>;
  /** Signs with a key that was never published. */
  signUnpublished(claims: Record<string, unknown>): Promise<string>;
  fetches(): number;
  close(): Promise<void>;
}

async function startTestIssuer(): Promise<TestIssuer> {
  let published: JWK[] = [];
  let current: { readonly kid: string; readonly privateKey: CryptoKey } | undefined;
  let fetches = 0;
  let generation = 0;
  const server: Server = createServer((req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const newKey = async () => {
    generation += 1;
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `key-${generation}`;
    return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  };
  const signWith = (key: { readonly kid: string; readonly privateKey: CryptoKey }, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('service-account-7')
      .setIssuedAt();
  return {
    jwksUrl: new URL(`http://127.0.0.1:${port}/jwks`),
    async rotate(options = {}) {
      const key = await newKey();
      published = options.keepOld === true ? [...published, key.jwk] : [key.jwk];
      current = key;
    },
    sign: (claims, options = {}) =>
      signWith(current!, claims)
        .setAudience(options.audience ?? audience)
        .setIssuer(options.issuer ?? issuer)
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(current!.privateKey),
    async signUnpublished(claims) {
      const key = await newKey();
      return signWith(key, claims).setExpirationTime('5m').sign(key.privateKey);
    },
    fetches: () => fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let db: Db;
let directory: AccessDirectory;
let idp: TestIssuer;
let authenticate: Authenticate;

beforeAll(async () => {
  db = createPgDb({ connectionString: await createTestDatabase('access-authenticate'), schema: 'access' });
  ({ directory } = await openAccessControl(db, { mode: 'enabled', schema: 'access', bearerTokens: undefined }));
  await directory.savePartner({ partnerId: 'operator', kind: 'operator', name: 'Operator' });
  await directory.savePartner({ partnerId: 'GM0363', kind: 'municipality', name: 'Amsterdam' });
  idp = await startTestIssuer();
  await idp.rotate();
  authenticate = createAuthenticator({
    directory,
    // No cool-down: a rotated-in key is fetched on the first token that names it.
    verifyBearerToken: createBearerTokenVerifier({ issuer, audience, jwksUrl: idp.jwksUrl, refetchCooldownMs: 0 }),
  });
});

afterAll(async () => {
  await idp?.close();
  await db?.close();
});

const refusal = async (authorization: string | undefined): Promise<string> => {
  const error: unknown = await authenticate(authorization).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as Error).message;
};

describe('API keys in the PostgreSQL directory', () => {
  it('authenticate as the partner with the key’s scopes, naming the key and never the secret', async () => {
    const { keyId, token } = await createApiKey(directory, { partnerId: 'operator', scopes: ['admin'] });
    const principal = await authenticate(`Bearer ${token}`);
    expect(principal).toEqual({
      partnerId: 'operator',
      kind: 'operator',
      scopes: new Set(['admin']),
      credential: `key:${keyId}`,
    });
    const [stored] = (await directory.listApiKeys('operator')).filter((key) => key.keyId === keyId);
    expect(JSON.stringify(stored)).not.toContain(token.slice(-43));
  });

  it('stop working on the next request once revoked, and after they expire', async () => {
    const { keyId, token } = await createApiKey(directory, { partnerId: 'GM0363', scopes: ['read'] });
    expect((await authenticate(`Bearer ${token}`)).partnerId).toBe('GM0363');
    expect(await directory.revokeApiKey(keyId, new Date())).toBe(true);
    expect(await refusal(`Bearer ${token}`)).toBe(`API key ${keyId} has been revoked`);

    const expired = await createApiKey(directory, {
      partnerId: 'GM0363',
      scopes: ['read'],
      expiresAt: new Date(Date.now() - 1_000),
    });
    expect(await refusal(`Bearer ${expired.token}`)).toBe(`API key ${expired.keyId} has expired`);
  });

  it('refuse no credential, another scheme, an unknown key and a forged secret, each saying which', async () => {
    const { token } = await createApiKey(directory, { partnerId: 'operator', scopes: ['read'] });
    expect(await refusal(undefined)).toMatch(/an API key or a bearer token is required/);
    expect(await refusal(`Basic ${Buffer.from('a:b').toString('base64')}`)).toMatch(/must be "Bearer/);
    expect(await refusal(`Bearer vzk_0000000000000000_${'A'.repeat(43)}`)).toBe('unknown API key');
    expect(await refusal(`Bearer ${token.slice(0, -2)}AA`)).toBe('unknown API key');
    expect(await refusal('Bearer vzk_short')).toBe('malformed API key');
  });
});

describe('bearer tokens from an identity provider (real JWKS endpoint on loopback)', () => {
  it('authenticate a partner the directory knows, with the token’s scopes', async () => {
    const token = await idp.sign({ vezel_partner: 'GM0363', scope: 'read record unknown-scope' });
    expect(await authenticate(`Bearer ${token}`)).toEqual({
      partnerId: 'GM0363',
      kind: 'municipality',
      scopes: new Set(['read', 'record']),
      credential: 'jwt:service-account-7',
    });
  });

  it('never make anyone but the operator an administrator, whatever scope the token claims', async () => {
    const token = await idp.sign({ vezel_partner: 'GM0363', scope: 'read admin' });
    expect((await authenticate(`Bearer ${token}`)).scopes).toEqual(new Set(['read']));
  });

  it('follow a key rotation: a token signed by the new key is accepted once the issuer publishes it', async () => {
    const before = await idp.sign({ vezel_partner: 'GM0363', scope: 'read' });
    await authenticate(`Bearer ${before}`);
    const fetchesBefore = idp.fetches();
    await idp.rotate({ keepOld: true });
    const after = await idp.sign({ vezel_partner: 'GM0363', scope: 'read' });
    expect((await authenticate(`Bearer ${after}`)).partnerId).toBe('GM0363');
    expect(idp.fetches()).toBe(fetchesBefore + 1);
    // The old key was still published beside the new one: its tokens live out their time.
    expect((await authenticate(`Bearer ${before}`)).partnerId).toBe('GM0363');
    // Once the issuer drops it, they do not.
    await idp.rotate();
    const retired = await idp.signUnpublished({ vezel_partner: 'GM0363' });
    expect(await refusal(`Bearer ${retired}`)).toBe('the bearer token is signed by a key its issuer does not publish');
  });

  it('refuse an expired token, another audience or issuer, and a partner the directory does not know', async () => {
    const expired = await idp.sign({ vezel_partner: 'GM0363' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    expect(await refusal(`Bearer ${expired}`)).toBe('the bearer token has expired');
    const forAnotherApi = await idp.sign({ vezel_partner: 'GM0363' }, { audience: 'another-api' });
    expect(await refusal(`Bearer ${forAnotherApi}`)).toBe(`the bearer token's "aud" claim is not accepted`);
    const fromAnotherIssuer = await idp.sign({ vezel_partner: 'GM0363' }, { issuer: 'https://evil.example' });
    expect(await refusal(`Bearer ${fromAnotherIssuer}`)).toBe(`the bearer token's "iss" claim is not accepted`);
    const sharedSecret = await new SignJWT({ vezel_partner: 'GM0363' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a shared secret must never pass for a public key'));
    expect(await refusal(`Bearer ${sharedSecret}`)).toBe('the bearer token is not a valid signed JWT');
    const stranger = await idp.sign({ vezel_partner: 'nobody' });
    expect(await refusal(`Bearer ${stranger}`)).toBe('the credential names partner nobody, who is unknown');
    const unnamed = await idp.sign({ scope: 'read' });
    expect(await refusal(`Bearer ${unnamed}`)).toMatch(/no "vezel_partner" claim/);
    expect(await refusal('Bearer not.a.jwt')).toBe('the bearer token is not a valid signed JWT');
  });
});
