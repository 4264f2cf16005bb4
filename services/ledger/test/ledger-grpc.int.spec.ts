import { readFile } from 'node:fs/promises';
import { fromBinary } from '@bufbuild/protobuf';
import { anyUnpack, FileDescriptorProtoSchema, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceError } from '@grpc/grpc-js';
import {
  AnomalyKind,
  CustodyModel,
  eventRegistry,
  HolderKind,
  LedgerService,
  NodeKind,
  SortingRunCompletedSchema,
  UpvIndicator,
  type Holder as ProtoHolder,
  type OutcomeGrams as ProtoOutcomeGrams,
  type TraceSource as ProtoTraceSource,
} from '@vezel/contracts';
import { GrpcStatus } from '@vezel/errors';
import { toGrams } from '@vezel/grams';
import type { Subscription } from '@vezel/messaging';
import {
  createGrpcClient,
  FIELD_METADATA_KEY,
  startGrpcServer,
  type GrpcClient,
  type StartedGrpcServer,
} from '@vezel/rpc';
import { askReflection, reflectionClient } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerLedgerGrpcService } from '../src/adapters/grpc/ledger-grpc-service.ts';
import { createPostgresLedgerQueries } from '../src/adapters/postgres/postgres-ledger-queries.ts';
import { storeReferenceData } from '../src/adapters/postgres/reference-data-store.ts';
import { refreshUntilSettled } from '../src/adapters/postgres/refresh-derived-figures.ts';
import { encodeLedgerFact } from '../src/adapters/protobuf/encode-ledger-fact.ts';
import type { LedgerQueries } from '../src/app/ledger-queries.ts';
import type { EmissionFactorTable, LedgerFact } from '../src/domain/index.ts';
import { batchCollected, itemsSold } from './domain/ledger-fixtures.ts';
import { scenario, scenarioFacts, b1ForwardOutcomesByHand } from './domain/two-municipalities-scenario.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

/*
 * The gRPC query service over the real fact store, fed through Kafka with the hand-computed chain of
 * ledger-scenario.unit.spec.ts: every rpc must give the figures that test works out by hand (and the queries port
 * gives), and bad requests must fail naming the field.
 */

/**
 * Facts the scenario lacks, to have open anomalies: a batch created by two events (conflicting-facts) and a sale
 * from a lot no event creates (unknown-node). Collected in 2025 in another municipality, so that the scenario's
 * 2026 figures do not change.
 */
const anomalousFacts: readonly LedgerFact[] = [
  batchCollected({
    batchId: 'B-TWICE',
    containerId: 'C-ELSE-1',
    municipality: 'GM0999',
    grams: 1_000,
    at: '2025-06-01T08:00:00Z',
  }),
  batchCollected({
    batchId: 'B-TWICE',
    containerId: 'C-ELSE-1',
    municipality: 'GM0999',
    grams: 1_200,
    at: '2025-06-02T08:00:00Z',
    eventId: 'BatchCollected:B-TWICE:again',
  }),
  itemsSold({ saleId: 'SALE-GHOST', storeId: 'ST-DEV', lotId: 'L-GHOST', grams: 700, at: '2026-01-20T12:00:00Z' }),
];

/** Textile put on the market in 2025, the base of the 2026 UPV shares (a made-up round figure). */
const PLACED_ON_MARKET_2025 = 100_000;

const at = (iso: string) => timestampFromDate(new Date(iso));

/** Outcomes as plain numbers, for expectations that read like the unit test's. */
function outcomesOf(outcomes: readonly ProtoOutcomeGrams[]): Record<string, number> {
  return Object.fromEntries(outcomes.map(({ outcome, grams }) => [outcome, Number(grams)]));
}

function holderText(holder: ProtoHolder | undefined): string {
  if (holder === undefined) return 'none';
  const to = holder.to === undefined ? '' : ` -> ${holderText(holder.to)}`;
  return `${HolderKind[holder.kind]} ${holder.id}${to}`;
}

describe('the ledger over gRPC, against real PostgreSQL and Kafka', () => {
  let ledger: LedgerUnderTest;
  let consumer: Subscription;
  let queries: LedgerQueries;
  let server: StartedGrpcServer;
  let client: GrpcClient<typeof LedgerService>;

  beforeAll(async () => {
    ledger = await aLedgerUnderTest('ledger_grpc');
    const defaults = JSON.parse(await readFile(new URL('../reference-data/default.json', import.meta.url), 'utf8')) as {
      emissionFactorTables: EmissionFactorTable[];
    };
    await storeReferenceData(ledger.db, {
      emissionFactorTables: defaults.emissionFactorTables,
      placedOnMarket: [{ year: 2025, grams: toGrams(PLACED_ON_MARKET_2025), source: 'test figure' }],
      storePlaces: [],
    });
    await ledger.publishFacts([...scenarioFacts, ...anomalousFacts]);
    consumer = await ledger.startConsumer();
    await ledger.caughtUp();
    await refreshUntilSettled(ledger.db);

    queries = createPostgresLedgerQueries({ db: ledger.db, eventLog: ledger.eventLog, topics: ledger.topics });
    server = await startGrpcServer({ port: 0, register: (grpc) => registerLedgerGrpcService(grpc, queries) });
    client = createGrpcClient(LedgerService, server.address);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await server?.close();
    await consumer?.stop();
    await ledger?.close();
  });

  /** Asserts the call failed with `code`, naming `field` in the trailer. */
  async function expectFailure(call: () => Promise<unknown>, code: number, field: string): Promise<void> {
    const error = (await call().then(
      () => expect.fail('the call succeeded'),
      (failure: unknown) => failure,
    )) as ServiceError;
    expect(error.code, error.details).toBe(code);
    expect(error.metadata.get(FIELD_METADATA_KEY)).toEqual([field]);
  }

  describe('server reflection', () => {
    it('describes LedgerService and every file it imports, as grpcurl and Postman ask', async () => {
      const reflection = reflectionClient(server.address);
      try {
        const [listed, described] = await askReflection(reflection, [
          { list_services: '' },
          { file_containing_symbol: LedgerService.typeName },
        ]);
        expect(listed?.list_services_response?.service.map((service) => service.name)).toContain(
          LedgerService.typeName,
        );
        const files = (described?.file_descriptor_response?.file_descriptor_proto ?? []).map((bytes) =>
          fromBinary(FileDescriptorProtoSchema, bytes),
        );
        const names = files.map((file) => file.name);
        const ledgerFile = files.find((file) => file.name === LedgerService.file.proto.name);
        expect(ledgerFile?.service.map((service) => service.name)).toContain(LedgerService.name);
        expect(ledgerFile?.dependency.length).toBeGreaterThan(0);
        for (const imported of ledgerFile?.dependency ?? []) expect(names).toContain(imported);
      } finally {
        reflection.close();
      }
    });
  });

  describe('TraceForward', () => {
    it('splits B1 as 20/33 of the pool, to the gram, as the unit test works out by hand', async () => {
      const trace = await client.traceForward({ source: { kind: { case: 'nodeId', value: 'B1' } } });
      expect(trace.source?.kind).toEqual({ case: 'nodeId', value: 'B1' });
      expect(trace.grams).toBe(30_000n);
      expect(trace.custodyModel).toBe(CustodyModel.MASS_BALANCE);
      expect(outcomesOf(trace.outcomes)).toEqual(b1ForwardOutcomesByHand);
      expect(trace.stock.map((line) => `${line.nodeId} @ ${holderText(line.holder)}: ${line.grams}`)).toEqual([
        'L-CREME @ CENTRE DEV: 3030',
        'L-CREME @ STORE ST-DEV: 606',
      ]);

      const port = await queries.traceForward({ kind: 'node', nodeId: 'B1' });
      expect(trace.outcomes.map(({ outcome, grams }) => ({ outcome, grams }))).toEqual(port.outcomes);
    });

    it('sums a municipality from its batches, in transit included, and filters on the collection period', async () => {
      const year = await client.traceForward({ source: { kind: { case: 'municipality', value: 'GM0150' } } });
      expect(year.grams).toBe(35_000n);
      expect(outcomesOf(year.outcomes)).toMatchObject({ 'reuse.sold': 5_455, loss: 2_242, stock: 8_636 });
      expect(year.stock.map((line) => `${line.nodeId} @ ${holderText(line.holder)}: ${line.grams}`)).toEqual([
        'B3 @ COLLECTION C-DEV-1: 1000',
        'B3 @ IN_TRANSIT S-3 -> CENTRE DEV: 4000',
        'L-CREME @ CENTRE DEV: 3030',
        'L-CREME @ STORE ST-DEV: 606',
      ]);

      const source: ProtoTraceSource['kind'] = { case: 'municipality', value: 'GM0150' };
      const january = await client.traceForward({
        source: { kind: source, from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z') },
      });
      expect(january.source).toMatchObject({
        kind: source,
        from: at('2026-01-01T00:00:00Z'),
        to: at('2026-02-01T00:00:00Z'),
      });
      const b1 = await client.traceForward({ source: { kind: { case: 'nodeId', value: 'B1' } } });
      expect(outcomesOf(january.outcomes)).toEqual(outcomesOf(b1.outcomes));

      const february = await client.traceForward({
        source: { kind: { case: 'containerId', value: 'C-DEV-1' }, from: at('2026-02-01T00:00:00Z') },
      });
      expect(february.grams).toBe(5_000n);
      expect(outcomesOf(february.outcomes)).toMatchObject({ stock: 5_000 });
      expect(february.source?.to).toBeUndefined();
    });
  });

  it('TraceBackward traces a lot back to both municipalities in the pool proportion', async () => {
    const trace = await client.traceBackward({ nodeId: 'L-CREME' });
    expect(trace.nodeId).toBe('L-CREME');
    expect(trace.grams).toBe(20_000n);
    expect(trace.custodyModel).toBe(CustodyModel.MASS_BALANCE);
    expect(
      trace.origins.map(({ batchId, containerId, municipality, grams }) => ({
        batchId,
        containerId,
        municipality,
        grams,
      })),
    ).toEqual([
      { batchId: 'B1', containerId: 'C-DEV-1', municipality: 'GM0150', grams: 12_121n },
      { batchId: 'B2', containerId: 'C-ZWO-1', municipality: 'GM0193', grams: 7_879n },
    ]);
    expect(trace.byMunicipality.map(({ municipality, grams }) => ({ municipality, grams }))).toEqual(
      (await queries.traceBackward('L-CREME')).byMunicipality,
    );
  });

  describe('GetNode', () => {
    it("tells a lot's history in time order, each entry with the original protobuf event", async () => {
      const { node, holders, history } = await client.getNode({ nodeId: 'L-CREME' });
      expect(node).toMatchObject({
        nodeId: 'L-CREME',
        kind: NodeKind.LOT,
        grams: 20_000n,
        runId: 'RUN-1',
        fraction: 'reuse.creme',
      });
      expect(node?.createdAt).toEqual(at('2026-01-07T10:00:00Z'));
      expect(holders.map(({ holder, grams }) => `${holderText(holder)}: ${grams}`)).toEqual([
        'CENTRE DEV: 5000',
        'STORE ST-DEV: 1000',
      ]);
      expect(history.map(({ eventType, holder, grams }) => `${eventType} ${holderText(holder)} ${grams}`)).toEqual([
        'vezel.sorting.v1.SortingRunCompleted CENTRE DEV 20000',
        'vezel.sorting.v1.LotDispatched IN_TRANSIT D-1 -> STORE ST-DEV 15000',
        'vezel.retail.v1.LotReceivedAtStore STORE ST-DEV 14800',
        'vezel.retail.v1.ItemsSold STORE ST-DEV 9000',
        'vezel.retail.v1.ItemsDonated STORE ST-DEV 1800',
        'vezel.retail.v1.LotReturned IN_TRANSIT RET-1 -> PROCESSOR P-1 3000',
        'vezel.recycling.v1.LotReceivedByProcessor PROCESSOR P-1 3000',
        'vezel.recycling.v1.ProcessingRunCompleted PROCESSOR P-1 3000',
      ]);
      const [run] = history;
      expect(run?.eventId).toBe(scenario.run1.eventId);
      expect(run?.occurredAt).toEqual(at('2026-01-07T10:00:00Z'));
      expect(run?.event?.typeUrl).toBe('type.googleapis.com/vezel.sorting.v1.SortingRunCompleted');
      expect([...run!.event!.value]).toEqual([...encodeLedgerFact(scenario.run1).value]);
      const unpacked = anyUnpack(run!.event!, SortingRunCompletedSchema);
      expect(unpacked).toMatchObject({ runId: 'RUN-1', centreId: 'DEV', lossGrams: 2_500n });
      expect(anyUnpack(history[3]!.event!, eventRegistry)?.$typeName).toBe('vezel.retail.v1.ItemsSold');
    });

    it('pages a long history: each page where the last ended, the last page without a token', async () => {
      const whole = await client.getNode({ nodeId: 'L-CREME' });
      expect(whole.history.length).toBeGreaterThan(2);
      expect(whole.nextHistoryPageToken).toBe('');
      const pages = [];
      let token = '';
      do {
        const page = await client.getNode({ nodeId: 'L-CREME', historyPageSize: 2, historyPageToken: token });
        expect(page.history.length).toBeLessThanOrEqual(2);
        pages.push(...page.history);
        token = page.nextHistoryPageToken;
      } while (token !== '');
      expect(pages).toEqual(whole.history);
      await expect(client.getNode({ nodeId: 'L-CREME', historyPageToken: 'bm9wZQ' })).rejects.toMatchObject({
        code: 3,
      });
    });

    it('describes a batch held partly at its container and partly on the road', async () => {
      const { node, holders } = await client.getNode({ nodeId: 'B3' });
      expect(node).toMatchObject({
        kind: NodeKind.BATCH,
        grams: 5_000n,
        containerId: 'C-DEV-1',
        municipality: 'GM0150',
      });
      expect(holders.map(({ holder, grams }) => `${holderText(holder)}: ${grams}`)).toEqual([
        'COLLECTION C-DEV-1: 1000',
        'IN_TRANSIT S-3 -> CENTRE DEV: 4000',
      ]);
    });

    it('describes a node only referenced so far with no kind and no grams', async () => {
      const { node, history } = await client.getNode({ nodeId: 'L-GHOST' });
      expect(node?.kind).toBe(NodeKind.UNSPECIFIED);
      expect(node?.grams).toBeUndefined();
      expect(history.map(({ eventId }) => eventId)).toEqual(['ItemsSold:SALE-GHOST']);
    });
  });

  describe('GetKpis', () => {
    const period = { from: at('2026-01-01T00:00:00Z'), to: at('2026-03-01T00:00:00Z') };

    it('adds up the per-batch figures of the chain, with CO2e from the newest factor table', async () => {
      const kpis = await client.getKpis(period);
      expect(kpis.from).toEqual(period.from);
      expect(kpis.to).toEqual(period.to);
      expect(kpis.scope.case).toBeUndefined();
      // B1 + B2 + B3: each batch rounded on its own (open-loop 4 243 + 2 758 = 7 001, see the unit test).
      expect(kpis.collectedGrams).toBe(55_000n);
      expect(outcomesOf(kpis.outcomes)).toMatchObject({
        'reuse.sold': 9_000,
        'reuse.donated': 1_800,
        'reuse.exported': 10_000,
        'recycling.fibre-to-fibre': 6_000,
        'recycling.open-loop': 7_001,
        loss: 4_199,
        stock: 6_000 + 5_000,
      });
      expect(kpis.reuseNetherlandsGrams).toBe(10_800n);
      expect(kpis.reuseAbroadGrams).toBe(10_000n);
      expect(
        kpis.emissions.map(({ outcome, grams, kgCo2ePerKg, co2eGrams }) => [outcome, grams, kgCo2ePerKg, co2eGrams]),
      ).toEqual([
        ['reuse.sold', 9_000n, -3.4, -30_600n],
        ['reuse.donated', 1_800n, -3.4, -6_120n],
        ['reuse.exported', 10_000n, -3.4, -34_000n],
      ]);
      expect(kpis.co2eGrams).toBe(-70_720n);
      expect(kpis.emissionFactors).toMatchObject({ version: '2026-01' });
      // Not computed by the ledger yet: absent, not zero.
      expect(kpis.transportKm).toBeUndefined();
      expect(kpis.localReuseGrams).toBeUndefined();

      const port = await queries.kpis({
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2026-03-01T00:00:00Z'),
        scope: { kind: 'chain' },
      });
      expect(kpis.outcomes.map(({ outcome, grams }) => ({ outcome, grams }))).toEqual(port.outcomes);
      expect(kpis.co2eGrams).toBe(port.co2eGrams);
    });

    it('narrows to one municipality or one centre', async () => {
      const zwolle = await client.getKpis({ ...period, scope: { case: 'municipality', value: 'GM0193' } });
      expect(zwolle.scope).toEqual({ case: 'municipality', value: 'GM0193' });
      expect(zwolle.collectedGrams).toBe(20_000n);
      expect(outcomesOf(zwolle.outcomes)).toMatchObject({ 'reuse.sold': 3_545, loss: 1_957 });

      const centre = await client.getKpis({
        ...period,
        scope: { case: 'centreId', value: 'DEV' },
        factorsVersion: '2026-01',
      });
      expect(centre.scope).toEqual({ case: 'centreId', value: 'DEV' });
      expect(centre.collectedGrams).toBe(50_000n);
    });

    it('takes the period as calendar dates, days in the chain’s time zone, the same as the instants they stand for', async () => {
      // 2026-01-01 and 2026-03-01 begin at 2025-12-31T23:00Z and 2026-02-28T23:00Z in Amsterdam; the scenario's
      // batches lie well inside, so the figures equal those of the UTC period above, and the echo is exact.
      const byDates = await client.getKpis({ fromDate: '2026-01-01', toDate: '2026-03-01' });
      expect(byDates.from).toEqual(at('2025-12-31T23:00:00Z'));
      expect(byDates.to).toEqual(at('2026-02-28T23:00:00Z'));
      expect(byDates.collectedGrams).toBe((await client.getKpis(period)).collectedGrams);
      const mixed = await client.getKpis({ fromDate: '2026-01-01', to: at('2026-03-01T00:00:00Z') });
      expect(mixed.to).toEqual(at('2026-03-01T00:00:00Z'));
      const deventer = await client.traceForward({
        source: { kind: { case: 'municipality', value: 'GM0150' }, fromDate: '2026-02-01', toDate: '2026-03-01' },
      });
      expect(deventer.grams).toBe(5_000n);
    });

    it('refuses a date that is not on the calendar, and a date given with its instant, naming the field', async () => {
      await expectFailure(
        () => client.getKpis({ fromDate: '2026-02-30', toDate: '2026-03-01' }),
        GrpcStatus.INVALID_ARGUMENT,
        'fromDate',
      );
      await expectFailure(
        () => client.getKpis({ fromDate: '1 March', toDate: '2026-03-01' }),
        GrpcStatus.INVALID_ARGUMENT,
        'fromDate',
      );
      await expectFailure(
        () => client.getKpis({ ...period, toDate: '2026-03-01' }),
        GrpcStatus.INVALID_ARGUMENT,
        'toDate',
      );
      await expectFailure(
        () => client.traceForward({ source: { kind: { case: 'nodeId', value: 'B1' }, fromDate: '2026-01-01' } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.fromDate',
      );
      await expectFailure(
        () =>
          client.traceForward({
            source: { kind: { case: 'municipality', value: 'GM0150' }, fromDate: '2026-02-01', toDate: '2026-01-01' },
          }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.toDate',
      );
    });

    it('fails a factor table version that is not loaded with NOT_FOUND naming factorsVersion', async () => {
      await expectFailure(
        () => client.getKpis({ ...period, factorsVersion: '1999-01' }),
        GrpcStatus.NOT_FOUND,
        'factorsVersion',
      );
    });
  });

  it("GetUpvReport sets the year's figures beside the targets in force", async () => {
    const report = await client.getUpvReport({ year: 2026 });
    expect(report.year).toBe(2026);
    expect(report.collectedGrams).toBe(55_000n);
    expect(report.placedOnMarketGrams).toBe(BigInt(PLACED_ON_MARKET_2025));
    // Reuse 9 000 + 1 800 + 10 000 = 20 800; recycled f2f 6 000 + open loop 7 001 = 13 001.
    expect(
      report.figures.map(({ indicator, grams, baseGrams, actualPercent, targetPercent }) => [
        UpvIndicator[indicator],
        grams,
        baseGrams,
        actualPercent,
        targetPercent,
      ]),
    ).toEqual([
      ['REUSE_OR_RECYCLING', 33_801n, 100_000n, 33.8, 50],
      ['REUSE', 20_800n, 100_000n, 20.8, 20],
      ['REUSE_NETHERLANDS', 10_800n, 100_000n, 10.8, 10],
      ['FIBRE_TO_FIBRE', 6_000n, 13_001n, 46.15, 25],
    ]);
    const port = await queries.upvReport(2026);
    expect(report.figures.map(({ grams }) => grams)).toEqual(port.figures.map(({ grams }) => grams));
  });

  it('ListAnomalies lists the open anomalies with their contract kinds, conflicting facts included', async () => {
    const { anomalies } = await client.listAnomalies({});
    const port = (await queries.anomalies({ limit: 100 })).anomalies;
    expect(anomalies.map(({ nodeId, description, grams }) => ({ nodeId, description, grams }))).toEqual(
      port.map(({ nodeId, message, grams }) => ({ nodeId, description: message, grams })),
    );
    const byNode = new Map(anomalies.map((anomaly) => [anomaly.nodeId, anomaly]));
    expect(byNode.get('B-TWICE')).toMatchObject({
      kind: AnomalyKind.CONFLICTING_FACTS,
      grams: 1_200n,
      eventIds: ['BatchCollected:B-TWICE', 'BatchCollected:B-TWICE:again'],
    });
    expect(byNode.get('L-GHOST')).toMatchObject({
      kind: AnomalyKind.UNKNOWN_NODE,
      grams: 700n,
      eventIds: ['ItemsSold:SALE-GHOST'],
    });
    expect(anomalies).toHaveLength(2);
    for (const anomaly of anomalies) {
      const stored = port.find(({ nodeId }) => nodeId === anomaly.nodeId)!;
      expect(anomaly.detectedAt).toEqual(timestampFromDate(stored.detectedAt));
    }
  });

  it('ListAnomalies pages: one at a time, each page where the last ended, the last page without a token', async () => {
    const first = await client.listAnomalies({ pageSize: 1 });
    expect(first.anomalies).toHaveLength(1);
    expect(first.nextPageToken).not.toBe('');
    const second = await client.listAnomalies({ pageSize: 1, pageToken: first.nextPageToken });
    expect(second.anomalies).toHaveLength(1);
    expect(second.nextPageToken).toBe('');
    const all = await client.listAnomalies({});
    expect([...first.anomalies, ...second.anomalies]).toEqual(all.anomalies);
    await expect(client.listAnomalies({ pageToken: 'not-a-token' })).rejects.toMatchObject({ code: 3 });
    await expect(client.listAnomalies({ pageSize: 5_000 })).rejects.toMatchObject({ code: 3 });
  });

  it('GetLag reports every partition caught up and no figures pending', async () => {
    const lag = await client.getLag({});
    expect(lag.eventsBehind).toBe(0n);
    expect(lag.derivedPending).toBe(0n);
    expect(lag.lookupsPending).toBe(0n);
    expect(lag.batchesPending).toBe(0n);
    expect(lag.partitions).toHaveLength(ledger.topics.length * 2);
    const port = await queries.lag();
    expect(
      lag.partitions.map(({ topic, partition, position, endOffset, eventsBehind, secondsBehind }) => ({
        topic,
        partition,
        position,
        endOffset,
        eventsBehind: Number(eventsBehind),
        secondsBehind,
      })),
    ).toEqual(
      port.partitions.map((line) => ({
        topic: line.topic,
        partition: line.partition,
        position: line.position,
        endOffset: line.endOffset,
        eventsBehind: line.eventsBehind,
        secondsBehind: line.secondsBehind,
      })),
    );
    expect(lag.partitions.every(({ secondsBehind }) => secondsBehind === 0)).toBe(true);
  });

  describe('failures', () => {
    it('fails a node the ledger has not seen with NOT_FOUND naming the request field', async () => {
      await expectFailure(
        () => client.traceForward({ source: { kind: { case: 'nodeId', value: 'NOPE' } } }),
        GrpcStatus.NOT_FOUND,
        'source.nodeId',
      );
      // Referenced but never created: no grams to trace.
      await expectFailure(
        () => client.traceForward({ source: { kind: { case: 'nodeId', value: 'L-GHOST' } } }),
        GrpcStatus.NOT_FOUND,
        'source.nodeId',
      );
      await expectFailure(() => client.traceBackward({ nodeId: 'NOPE' }), GrpcStatus.NOT_FOUND, 'nodeId');
      await expectFailure(() => client.getNode({ nodeId: 'NOPE' }), GrpcStatus.NOT_FOUND, 'nodeId');
    });

    it('rejects a trace without a source, or from a municipality that is no CBS code', async () => {
      await expectFailure(() => client.traceForward({}), GrpcStatus.INVALID_ARGUMENT, 'source');
      await expectFailure(
        () => client.traceForward({ source: { kind: { case: 'municipality', value: 'Deventer' } } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.municipality',
      );
      await expectFailure(
        () => client.traceForward({ source: { from: at('2026-01-01T00:00:00Z') } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source',
      );
      // Well formed, but no municipality of the CBS list: refused, not answered with an empty trace.
      await expectFailure(
        () => client.traceForward({ source: { kind: { case: 'municipality', value: 'GM9999' } } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.municipality',
      );
    });

    it('rejects a period with a node source, and a period that ends before it starts', async () => {
      await expectFailure(
        () =>
          client.traceForward({ source: { kind: { case: 'nodeId', value: 'B1' }, from: at('2026-01-01T00:00:00Z') } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.from',
      );
      await expectFailure(
        () =>
          client.traceForward({ source: { kind: { case: 'nodeId', value: 'B1' }, to: at('2026-01-01T00:00:00Z') } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.to',
      );
      await expectFailure(
        () =>
          client.traceForward({
            source: {
              kind: { case: 'municipality', value: 'GM0150' },
              from: at('2026-02-01T00:00:00Z'),
              to: at('2026-02-01T00:00:00Z'),
            },
          }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.to',
      );
    });

    it('rejects KPIs without a period, or with to not later than from', async () => {
      await expectFailure(
        () => client.getKpis({ to: at('2026-02-01T00:00:00Z') }),
        GrpcStatus.INVALID_ARGUMENT,
        'from',
      );
      await expectFailure(
        () => client.getKpis({ from: at('2026-02-01T00:00:00Z') }),
        GrpcStatus.INVALID_ARGUMENT,
        'to',
      );
      await expectFailure(
        () => client.getKpis({ from: at('2026-02-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }),
        GrpcStatus.INVALID_ARGUMENT,
        'to',
      );
    });

    it('rejects empty and malformed ids, naming the field', async () => {
      await expectFailure(
        () => client.traceForward({ source: { kind: { case: 'nodeId', value: '' } } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.nodeId',
      );
      await expectFailure(
        () => client.traceForward({ source: { kind: { case: 'containerId', value: ' C-DEV-1' } } }),
        GrpcStatus.INVALID_ARGUMENT,
        'source.containerId',
      );
      await expectFailure(() => client.traceBackward({ nodeId: '' }), GrpcStatus.INVALID_ARGUMENT, 'nodeId');
      await expectFailure(() => client.getNode({ nodeId: 'x'.repeat(129) }), GrpcStatus.INVALID_ARGUMENT, 'nodeId');
      await expectFailure(
        () =>
          client.getKpis({
            from: at('2026-01-01T00:00:00Z'),
            to: at('2026-02-01T00:00:00Z'),
            scope: { case: 'municipality', value: '' },
          }),
        GrpcStatus.INVALID_ARGUMENT,
        'municipality',
      );
    });

    it('rejects a UPV year before 2000', async () => {
      await expectFailure(() => client.getUpvReport({ year: 1999 }), GrpcStatus.INVALID_ARGUMENT, 'year');
      await expectFailure(() => client.getUpvReport({}), GrpcStatus.INVALID_ARGUMENT, 'year');
    });
  });
});
