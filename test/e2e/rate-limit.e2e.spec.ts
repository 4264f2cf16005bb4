import { createApiKey, openAccessControl } from '@vezel/access';
import { RetailService } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { retailService } from '@vezel/retail/module';
import { createGrpcClient } from '@vezel/rpc';
import { createTestDatabase } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../support/running-chain.ts';

/*
 * A runaway client is held back per credential: past its burst it gets 429 with Retry-After (gRPC
 * RESOURCE_EXHAUSTED), while another credential is served as before.
 */
let accessDb: Db;
let chain: RunningChain;
let busy: string;
let calm: string;

beforeAll(async () => {
  accessDb = createPgDb({ connectionString: await createTestDatabase('rate-limit'), schema: 'access' });
  const { directory, control } = await openAccessControl(accessDb, {
    mode: 'enabled',
    schema: 'access',
    bearerTokens: undefined,
    rateLimit: { perSecond: 1, burst: 3 },
  });
  await directory.savePartner({ partnerId: 'operator', kind: 'operator', name: 'Operator' });
  busy = (await createApiKey(directory, { partnerId: 'operator', scopes: ['read'] })).token;
  calm = (await createApiKey(directory, { partnerId: 'operator', scopes: ['read'] })).token;
  chain = await startChain([retailService], { access: control });
}, 120_000);

afterAll(async () => {
  await chain?.stop();
  await accessDb?.close();
});

describe('the rate limit per credential', () => {
  it('answers 429 with Retry-After past the burst, over HTTP and gRPC, and serves other credentials', async () => {
    const read = (token: string) =>
      fetch(`${chain.services['retail']!.url}/v1/retail/stores/S-1/stock`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let request = 0; request < 4; request += 1) {
      const response = await read(busy);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await limited!.json()).toMatchObject({ status: 429, retryAfterSeconds: 1 });

    const client = createGrpcClient(RetailService, chain.services['retail']!.grpcAddress);
    try {
      const refused = await client
        .getStoreStock({ storeId: 'S-1' }, { metadata: { authorization: `Bearer ${busy}` } })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toMatchObject({ code: 8 });
    } finally {
      client.close();
    }
    expect((await read(calm)).status).toBe(200);
  });
});
