import { createApiKey, openAccessControl, type AccessDirectory } from '@vezel/access';
import { createPgDb, type Db } from '@vezel/db';
import { ledgerServiceWith } from '@vezel/ledger/module';
import { sortingService } from '@vezel/sorting/module';
import { createTestDatabase, eventually, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../support/running-chain.ts';

/*
 * Who recorded each fact, end to end: the credential a command came with is stamped on its event (CloudEvents
 * extension attributes in the Kafka headers), and the ledger keeps it in the node's history: the audit trail.
 */
let accessDb: Db;
let directory: AccessDirectory;
let producers: RunningChain;
let ledger: RunningChain;

beforeAll(async () => {
  accessDb = createPgDb({ connectionString: await createTestDatabase('recorded-by'), schema: 'access' });
  const opened = await openAccessControl(accessDb, { mode: 'enabled', schema: 'access', bearerTokens: undefined });
  directory = opened.directory;
  await directory.savePartner({ partnerId: 'operator', kind: 'operator', name: 'Operator' });
  await directory.savePartner({ partnerId: 'centre-deventer', kind: 'centre', name: 'Sorting centre Deventer' });
  await directory.assignHolder('centre-deventer', { kind: 'centre', id: 'SC-DEVENTER' });
  producers = await startChain([sortingService], { access: opened.control });
  ledger = await startChain(
    [
      ledgerServiceWith({
        topics: [producers.services['sorting']!.topic],
        // A group of its own: in the shared default group, ledgers other test files run at the same time would be
        // handed this topic's partitions.
        groupId: uniqueGroupId('recorded-by'),
      }),
    ],
    {
      access: opened.control,
    },
  );
}, 120_000);

afterAll(async () => {
  await ledger?.stop();
  await producers?.stop();
  await accessDb?.close();
});

describe('who recorded a fact', () => {
  it('travels with its event and shows in the ledger’s node history', async () => {
    const centre = await createApiKey(directory, { partnerId: 'centre-deventer', scopes: ['record'] });
    const reader = await createApiKey(directory, { partnerId: 'operator', scopes: ['read'] });
    const sorting = producers.services['sorting']!;
    const received = await fetch(`${sorting.url}/v1/sorting/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${centre.token}` },
      body: JSON.stringify({
        receiptId: 'R-AUDIT-1',
        nodeId: 'B-AUDIT-1',
        centreId: 'SC-DEVENTER',
        grams: 125_000,
        receivedAt: '2026-03-02T08:00:00Z',
      }),
    });
    expect(received.status).toBe(201);

    const db = createPgDb({ connectionString: producers.databaseUrls['sorting']!, schema: 'sorting' });
    try {
      const { rows } = await db.query<{ headers: Record<string, string> }>('select headers from outbox');
      expect(rows.map((row) => row.headers)).toEqual([
        expect.objectContaining({ ce_recordedby: 'centre-deventer', ce_recordedvia: `key:${centre.keyId}` }),
      ]);
    } finally {
      await db.close();
    }

    const history = await eventually(
      async () => {
        const response = await fetch(`${ledger.services['ledger']!.url}/v1/ledger/nodes/B-AUDIT-1`, {
          headers: { authorization: `Bearer ${reader.token}` },
        });
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as { history: { type: string; recordedBy?: unknown }[] };
        return body.history.length > 0 ? body.history : undefined;
      },
      { description: 'the receipt in the ledger', timeoutMs: 60_000 },
    );
    expect(history).toEqual([
      expect.objectContaining({
        type: 'NodeReceivedAtCentre',
        recordedBy: { partnerId: 'centre-deventer', credential: `key:${centre.keyId}` },
      }),
    ]);
  });
});
