import { createApiKey, openAccessControl, type AccessDirectory, type PartnerKind } from '@vezel/access';
import { collectionService } from '@vezel/collection/module';
import { LedgerService } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { ledgerServiceWith, readLedgerSettings } from '@vezel/ledger/module';
import { recyclingService } from '@vezel/recycling/module';
import { retailService } from '@vezel/retail/module';
import { createGrpcClient, type GrpcClient } from '@vezel/rpc';
import { sortingService } from '@vezel/sorting/module';
import { createTestDatabase, eventually, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSettled, recordOn } from '../support/chain-calls.ts';
import { startChain, type RunningChain } from '../support/running-chain.ts';

/*
 * Who reads what in the ledger, end to end: partners read through what they own, as the projection derives it
 * (src/domain/node-readers.ts in the ledger), never by walking the graph per request. Two municipalities' batches
 * pooled in one sorting run, one lot to a store, one to a processor, part of it to an exporter; and a store's lot
 * whose run arrives after the store's receipt, so its origins change after the fact.
 */
const at = '2026-03-02T08:00:00Z';
let accessDb: Db;
let directory: AccessDirectory;
let chain: RunningChain;
let ledger: RunningChain;
let ledgerGrpc: GrpcClient<typeof LedgerService>;
const tokens = new Map<string, string>();

const PARTNERS: readonly {
  readonly partnerId: string;
  readonly kind: PartnerKind;
  readonly holders: readonly { kind: 'centre' | 'store' | 'processor' | 'municipality' | 'exporter'; id: string }[];
}[] = [
  { partnerId: 'operator', kind: 'operator', holders: [] },
  { partnerId: 'auditor', kind: 'auditor', holders: [] },
  { partnerId: 'amsterdam', kind: 'municipality', holders: [{ kind: 'municipality', id: 'GM0363' }] },
  { partnerId: 'rotterdam', kind: 'municipality', holders: [{ kind: 'municipality', id: 'GM0599' }] },
  { partnerId: 'store-one', kind: 'store', holders: [{ kind: 'store', id: 'ST-1' }] },
  { partnerId: 'store-two', kind: 'store', holders: [{ kind: 'store', id: 'ST-2' }] },
  { partnerId: 'weaver', kind: 'processor', holders: [{ kind: 'processor', id: 'PR-1' }] },
  { partnerId: 'exporter', kind: 'exporter', holders: [{ kind: 'exporter', id: 'EXP-1' }] },
];

beforeAll(async () => {
  accessDb = createPgDb({ connectionString: await createTestDatabase('ledger-read-ownership'), schema: 'access' });
  const opened = await openAccessControl(accessDb, { mode: 'enabled', schema: 'access', bearerTokens: undefined });
  directory = opened.directory;
  for (const { partnerId, kind, holders } of PARTNERS) {
    await directory.savePartner({ partnerId, kind, name: partnerId });
    for (const holder of holders) await directory.assignHolder(partnerId, holder);
    const scopes = kind === 'operator' ? (['read', 'record', 'admin'] as const) : (['read'] as const);
    tokens.set(partnerId, (await createApiKey(directory, { partnerId, scopes: [...scopes] })).token);
  }
  chain = await startChain([collectionService, sortingService, retailService, recyclingService], {
    access: opened.control,
  });
  ledger = await startChain(
    [
      ledgerServiceWith({
        // The shipped reference data, for the KPIs' emission factors.
        referenceData: (await readLedgerSettings({})).referenceData!,
        topics: Object.values(chain.services).map((service) => service.topic),
        groupId: uniqueGroupId('ledger-read-ownership'),
      }),
    ],
    { access: opened.control },
  );
  ledgerGrpc = createGrpcClient(LedgerService, ledger.services['ledger']!.grpcAddress);

  for (const [containerId, municipality, batchId, grams] of [
    ['CONT-AMS', 'GM0363', 'B-AMS', 200_000],
    ['CONT-RTM', 'GM0599', 'B-RTM', 100_000],
  ] as const) {
    await record('/v1/collection/containers', { containerId, municipality, channel: 'street-container' });
    await record('/v1/collection/batches', { batchId, containerId, grams, collectedAt: at });
    await record('/v1/sorting/receipts', {
      receiptId: `R-${batchId}`,
      nodeId: batchId,
      centreId: 'SC-1',
      grams,
      receivedAt: at,
    });
  }
  await record('/v1/sorting/runs', {
    runId: 'RUN-1',
    centreId: 'SC-1',
    inputs: [
      { nodeId: 'B-AMS', grams: 100_000 },
      { nodeId: 'B-RTM', grams: 100_000 },
    ],
    outputs: [
      { lotId: 'L-STORE', fraction: 'reuse.creme', grams: 120_000 },
      { lotId: 'L-PROC', fraction: 'recycling.open-loop', grams: 80_000 },
    ],
    lossGrams: 0,
    completedAt: at,
  });
  await record('/v1/retail/receipts', {
    receiptId: 'R-L-STORE',
    lotId: 'L-STORE',
    storeId: 'ST-1',
    grams: 120_000,
    receivedAt: at,
  });
  await record('/v1/sorting/lots/L-PROC/dispatches', {
    dispatchId: 'D-EXP',
    grams: 30_000,
    destination: { kind: 'exporter', id: 'EXP-1', country: 'PL' },
    dispatchedAt: at,
  });
  await record('/v1/recycling/receipts', {
    receiptId: 'R-L-PROC',
    lotId: 'L-PROC',
    processorId: 'PR-1',
    grams: 50_000,
    receivedAt: at,
  });
  // Received by the store before the run that made it is recorded: its origins are not known yet.
  await record('/v1/retail/receipts', {
    receiptId: 'R-L-LATE',
    lotId: 'L-LATE',
    storeId: 'ST-1',
    grams: 10_000,
    receivedAt: at,
  });
  await eventually(
    async () => ((await read('operator', '/v1/ledger/nodes/L-LATE')).status === 200 ? true : undefined),
    {
      description: 'the ledger has the late lot',
      timeoutMs: 60_000,
    },
  );
  await settled();
}, 180_000);

afterAll(async () => {
  ledgerGrpc?.close();
  await ledger?.stop();
  await chain?.stop();
  await accessDb?.close();
});

function record(path: string, body: unknown): Promise<void> {
  return recordOn(chain, tokens.get('operator')!, path, body);
}

async function read(partnerId: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${ledger.services['ledger']!.url}${path}`, {
    headers: { authorization: `Bearer ${tokens.get(partnerId)}` },
  });
  return { status: response.status, body: await response.json() };
}

function settled(): Promise<void> {
  return ledgerSettled(chain, ledger, tokens.get('operator')!);
}

/** Each partner's answer (HTTP status) to each path. */
async function statuses(paths: readonly string[]): Promise<Record<string, Record<string, number>>> {
  const table: Record<string, Record<string, number>> = {};
  for (const path of paths) {
    table[path] = {};
    for (const { partnerId } of PARTNERS) table[path][partnerId] = (await read(partnerId, path)).status;
  }
  return table;
}

const everyone = (status: number) => Object.fromEntries(PARTNERS.map(({ partnerId }) => [partnerId, status]));
const only = (...partnerIds: string[]) =>
  Object.fromEntries(
    PARTNERS.map(({ partnerId }) => [
      partnerId,
      partnerId === 'operator' || partnerId === 'auditor' || partnerIds.includes(partnerId) ? 200 : 403,
    ]),
  );

describe('ledger reads by ownership', () => {
  it('gives each partner its holders’ nodes, their origins and where its municipality’s grams went, nothing else', async () => {
    expect(
      await statuses([
        '/v1/ledger/nodes/B-AMS',
        '/v1/ledger/nodes/B-RTM',
        '/v1/ledger/nodes/L-STORE',
        '/v1/ledger/nodes/L-PROC',
        '/v1/ledger/trace/backward?node=L-STORE',
        '/v1/ledger/trace/forward?node=L-PROC',
        '/v1/ledger/trace/forward?node=B-AMS',
        '/v1/ledger/trace/forward?municipality=GM0363',
        '/v1/ledger/trace/forward?container=CONT-RTM',
        '/v1/ledger/kpis?from=2026-01-01&to=2026-12-31&municipality=GM0599',
        '/v1/ledger/kpis?from=2026-01-01&to=2026-12-31',
        '/v1/ledger/flows?from=2026-01-01&to=2026-12-31',
        '/v1/ledger/reports/upv?year=2026',
        '/v1/ledger/lag',
        '/v1/ledger/municipalities',
      ]),
    ).toEqual({
      // A batch: its municipality, and whoever holds anything made from it (the store, the processor, the exporter).
      '/v1/ledger/nodes/B-AMS': only('amsterdam', 'store-one', 'weaver', 'exporter'),
      '/v1/ledger/nodes/B-RTM': only('rotterdam', 'store-one', 'weaver', 'exporter'),
      // A lot: the municipalities its grams came from and who holds it; never the other store.
      '/v1/ledger/nodes/L-STORE': only('amsterdam', 'rotterdam', 'store-one'),
      '/v1/ledger/nodes/L-PROC': only('amsterdam', 'rotterdam', 'weaver', 'exporter'),
      // Traces name every holder above or below a node: only its own parties ask for them.
      '/v1/ledger/trace/backward?node=L-STORE': only('store-one'),
      '/v1/ledger/trace/forward?node=L-PROC': only('weaver', 'exporter'),
      '/v1/ledger/trace/forward?node=B-AMS': only('amsterdam'),
      '/v1/ledger/trace/forward?municipality=GM0363': only('amsterdam'),
      '/v1/ledger/trace/forward?container=CONT-RTM': only('rotterdam'),
      '/v1/ledger/kpis?from=2026-01-01&to=2026-12-31&municipality=GM0599': only('rotterdam'),
      '/v1/ledger/kpis?from=2026-01-01&to=2026-12-31': only(),
      '/v1/ledger/flows?from=2026-01-01&to=2026-12-31': only(),
      '/v1/ledger/reports/upv?year=2026': only(),
      '/v1/ledger/lag': only(),
      '/v1/ledger/municipalities': everyone(200),
    });
  });

  it('refuses over gRPC as over HTTP, with PERMISSION_DENIED', async () => {
    const codeOf = async (partnerId: string, nodeId: string): Promise<number> => {
      try {
        await ledgerGrpc.getNode({ nodeId }, { metadata: { authorization: `Bearer ${tokens.get(partnerId)}` } });
        return 0;
      } catch (error) {
        return (error as { code: number }).code;
      }
    };
    expect(await codeOf('store-one', 'L-STORE')).toBe(0);
    expect(await codeOf('store-two', 'L-STORE')).toBe(7);
    expect(await codeOf('rotterdam', 'B-AMS')).toBe(7);
  });

  it('shows a store its lot before the lot’s run arrives, and its municipality once the run has', async () => {
    expect((await read('store-one', '/v1/ledger/nodes/L-LATE')).status).toBe(200);
    expect((await read('amsterdam', '/v1/ledger/nodes/L-LATE')).status).toBe(403);

    await record('/v1/sorting/runs', {
      runId: 'RUN-LATE',
      centreId: 'SC-1',
      inputs: [{ nodeId: 'B-AMS', grams: 10_000 }],
      outputs: [{ lotId: 'L-LATE', fraction: 'reuse.creme', grams: 10_000 }],
      lossGrams: 0,
      completedAt: at,
    });
    // The run reaches the ledger through the outbox and Kafka: wait for it there, then for the refresher.
    await eventually(
      async () => {
        const node = (await read('operator', '/v1/ledger/nodes/L-LATE')).body as { history?: { type: string }[] };
        return node.history?.some((entry) => entry.type === 'SortingRunCompleted') === true ? true : undefined;
      },
      { description: 'the late run in the ledger', timeoutMs: 60_000 },
    );
    await settled();
    expect(await statuses(['/v1/ledger/nodes/L-LATE'])).toEqual({
      '/v1/ledger/nodes/L-LATE': only('amsterdam', 'store-one'),
    });
  });

  it('lists a partner only the anomalies of nodes it may read', async () => {
    // Lots received without a dispatch from the centre that made them (the centre still holds them on paper):
    // anomalies of nodes that some partners may read and others may not.
    const nodesOf = async (partnerId: string) =>
      ((await read(partnerId, '/v1/ledger/anomalies')).body as { anomalies: { nodeId: string }[] }).anomalies.map(
        (anomaly) => anomaly.nodeId,
      );
    const all = new Set(await nodesOf('operator'));
    expect(all.size).toBeGreaterThan(0);
    for (const { partnerId } of PARTNERS) {
      for (const nodeId of await nodesOf(partnerId)) {
        expect((await read(partnerId, `/v1/ledger/nodes/${nodeId}`)).status, `${partnerId} ${nodeId}`).toBe(200);
      }
    }
    expect(await nodesOf('store-two')).toEqual([]);
    const store = await nodesOf('store-one');
    expect(store.length).toBeGreaterThan(0);
    expect(store.length).toBeLessThan(all.size);
  });
});
