import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { anyPack, timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { requireChainId } from '@vezel/chain-ids';
import {
  AnomalyKind as ProtoAnomalyKind,
  AnomalySchema,
  CustodyModel as ProtoCustodyModel,
  HolderKind,
  HolderSchema,
  NodeKind,
  NodeSchema,
  PartitionLagSchema,
  TraceSourceSchema,
  UpvIndicator as ProtoUpvIndicator,
  type Anomaly as ProtoAnomaly,
  type GetKpisRequest,
  type GetKpisResponse,
  type GetKpisResponseSchema,
  type GetLagResponseSchema,
  type GetNodeResponseSchema,
  type GetUpvReportResponseSchema,
  type Holder as ProtoHolder,
  type Node as ProtoNode,
  type TraceBackwardResponseSchema,
  type TraceForwardResponseSchema,
  type TraceSource as ProtoTraceSource,
} from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import { calendarDateStart } from '@vezel/chain-calendar';
import { fromProtoTimestamp } from '@vezel/rpc';
import { requireMunicipality } from '@vezel/municipalities';
import type { KpiQuery, LedgerLag, StoredAnomaly } from '../../app/ledger-queries.ts';
import type {
  AnomalyKind,
  BackwardTrace,
  CollectionPeriod,
  CustodyModel,
  ForwardTrace,
  Holder,
  KpiScope,
  Kpis,
  NodeDescription,
  NodeSummary,
  TraceSource,
  UpvIndicator,
  UpvReport,
} from '../../domain/index.ts';
import { ledgerFactMessageOf } from '../protobuf/encode-ledger-fact.ts';

/*
 * The ledger's domain <-> `vezel.ledger.v1` (proto/vezel/ledger/v1/service.proto). Requests are validated as the
 * HTTP query readers validate theirs (ledger-requests.ts), naming the offending field by its proto JSON name
 * (`source.nodeId`, `to`); responses carry the same figures as the HTTP JSON (ledger-json.ts), grams as int64.
 */

/** The last year a report can be asked for: four digits, as over HTTP. */
const LAST_YEAR = 9999;
/** No textile in the ledger predates the EPR era (ledger-requests.ts, readYear). */
const FIRST_YEAR = 2000;

/** A TraceForward source: exactly one of node, container or municipality; a period only for the last two. */
export function fromProtoTraceSource(source: ProtoTraceSource | undefined, timeZone: string): TraceSource {
  const kind = source?.kind;
  if (source === undefined || kind === undefined || kind.case === undefined) {
    throw new InvalidInputError('give exactly one of nodeId, containerId or municipality', { field: 'source' });
  }
  const period = fromProtoPeriod(source, timeZone);
  switch (kind.case) {
    case 'nodeId':
      if (period !== undefined) {
        throw new InvalidInputError('from and to apply to container and municipality traces only', {
          field: endField(source, givesEnd(source, 'from') ? 'from' : 'to', 'source.'),
        });
      }
      return { kind: 'node', nodeId: requireChainId(kind.value, 'source.nodeId') };
    case 'containerId':
      return {
        kind: 'container',
        containerId: requireChainId(kind.value, 'source.containerId'),
        ...(period === undefined ? {} : { period }),
      };
    case 'municipality':
      return {
        kind: 'municipality',
        municipality: requireMunicipality(kind.value, 'source.municipality').code,
        ...(period === undefined ? {} : { period }),
      };
    default:
      return unexpected(kind, 'trace source');
  }
}

/** A GetKpis request: a required period (to later than from), an optional scope and factor table version. */
export function fromProtoKpiRequest(request: GetKpisRequest, timeZone: string): KpiQuery {
  const from = fromProtoBoundary(request, 'from', '', timeZone);
  const to = fromProtoBoundary(request, 'to', '', timeZone);
  requireLater(from, to, endField(request, 'to', ''));
  const { scope } = request;
  let kpiScope: KpiScope;
  switch (scope.case) {
    case 'municipality':
      kpiScope = { kind: 'municipality', municipality: requireMunicipality(scope.value, 'municipality').code };
      break;
    case 'centreId':
      kpiScope = { kind: 'centre', centreId: requireChainId(scope.value, 'centreId') };
      break;
    case undefined:
      kpiScope = { kind: 'chain' };
      break;
    default:
      return unexpected(scope, 'KPI scope');
  }
  return {
    from,
    to,
    scope: kpiScope,
    ...(request.factorsVersion === undefined
      ? {}
      : { factorsVersion: requireChainId(request.factorsVersion, 'factorsVersion') }),
  };
}

/** A reporting year, 2000-9999 as over HTTP. */
export function fromProtoYear(year: number): number {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new InvalidInputError(`must be a year such as 2026 (${FIRST_YEAR}-${LAST_YEAR}), got ${year}`, {
      field: 'year',
    });
  }
  return year;
}

export function toForwardTraceProto(trace: ForwardTrace): MessageInitShape<typeof TraceForwardResponseSchema> {
  return {
    source: toTraceSourceProto(trace.source),
    grams: trace.grams,
    custodyModel: toCustodyModelProto(trace.custodyModel),
    outcomes: trace.outcomes.map(({ outcome, grams }) => ({ outcome, grams })),
    stock: trace.stock.map(({ nodeId, holder, grams }) => ({ nodeId, holder: toHolderProto(holder), grams })),
  };
}

export function toBackwardTraceProto(trace: BackwardTrace): MessageInitShape<typeof TraceBackwardResponseSchema> {
  // Proto strings cannot be null: an origin the ledger cannot resolve yet (see Origin) has empty container and
  // municipality, as proto3 spells "not set" for a plain string.
  return {
    nodeId: trace.node,
    grams: trace.grams,
    custodyModel: toCustodyModelProto(trace.custodyModel),
    origins: trace.origins.map((origin) => ({
      batchId: origin.batchId,
      containerId: origin.containerId ?? '',
      municipality: origin.municipality ?? '',
      grams: origin.grams,
    })),
    byMunicipality: trace.byMunicipality.map(({ municipality, grams }) => ({
      municipality: municipality ?? '',
      grams,
    })),
  };
}

export function toNodeDescriptionProto(description: NodeDescription): MessageInitShape<typeof GetNodeResponseSchema> {
  return {
    node: toNodeProto(description.node),
    holders: description.holders.map(({ holder, grams }) => ({ holder: toHolderProto(holder), grams })),
    history: description.history.map((entry) => {
      const { schema, message } = ledgerFactMessageOf(entry.fact);
      return {
        eventId: entry.eventId,
        eventType: schema.typeName,
        occurredAt: timestampFromDate(entry.occurredAt),
        holder: toHolderProto(entry.holder),
        grams: entry.grams,
        event: anyPack(schema, message),
      };
    }),
  };
}

export function toKpisProto(kpis: Kpis): MessageInitShape<typeof GetKpisResponseSchema> {
  // local_reuse_grams and transport_km stay absent: the ledger does not compute them yet (see the proto).
  return {
    from: timestampFromDate(kpis.from),
    to: timestampFromDate(kpis.to),
    scope: toKpiScopeProto(kpis.scope),
    collectedGrams: kpis.collectedGrams,
    outcomes: kpis.outcomes.map(({ outcome, grams }) => ({ outcome, grams })),
    reuseNetherlandsGrams: kpis.reuseNetherlandsGrams,
    reuseAbroadGrams: kpis.reuseAbroadGrams,
    emissions: kpis.emissions.map((emission) => ({
      outcome: emission.outcome,
      grams: emission.grams,
      // A display figure on the wire; co2e_grams was computed from the exact decimal.
      kgCo2ePerKg: Number(emission.kgCo2ePerKg),
      co2eGrams: emission.co2eGrams,
    })),
    co2eGrams: kpis.co2eGrams,
    emissionFactors: { version: kpis.emissionFactors.version, source: kpis.emissionFactors.source },
  };
}

export function toUpvReportProto(report: UpvReport): MessageInitShape<typeof GetUpvReportResponseSchema> {
  return {
    year: report.year,
    ...(report.placedOnMarketGrams === undefined ? {} : { placedOnMarketGrams: report.placedOnMarketGrams }),
    collectedGrams: report.collectedGrams,
    figures: report.figures.map((figure) => ({
      indicator: toUpvIndicatorProto(figure.indicator),
      grams: figure.grams,
      ...(figure.baseGrams === undefined ? {} : { baseGrams: figure.baseGrams }),
      ...(figure.actualPercent === undefined ? {} : { actualPercent: figure.actualPercent }),
      ...(figure.targetPercent === undefined ? {} : { targetPercent: figure.targetPercent }),
    })),
  };
}

export function toAnomalyProto(anomaly: StoredAnomaly): ProtoAnomaly {
  return create(AnomalySchema, {
    kind: toAnomalyKindProto(anomaly.kind),
    nodeId: anomaly.nodeId,
    ...(anomaly.holder === undefined ? {} : { holder: toHolderProto(anomaly.holder) }),
    grams: anomaly.grams,
    description: anomaly.message,
    eventIds: [...anomaly.eventIds],
    detectedAt: timestampFromDate(anomaly.detectedAt),
  });
}

export function toLagProto(lag: LedgerLag): MessageInitShape<typeof GetLagResponseSchema> {
  return {
    eventsBehind: BigInt(lag.eventsBehind),
    derivedPending: BigInt(lag.derivedPending),
    lookupsPending: BigInt(lag.lookupsPending),
    batchesPending: BigInt(lag.batchesPending),
    partitions: lag.partitions.map((partition) =>
      create(PartitionLagSchema, {
        topic: partition.topic,
        partition: partition.partition,
        ...(partition.position === undefined ? {} : { position: partition.position }),
        endOffset: partition.endOffset,
        eventsBehind: BigInt(partition.eventsBehind),
        ...(partition.secondsBehind === undefined ? {} : { secondsBehind: partition.secondsBehind }),
      }),
    ),
  };
}

/** The proto spelling of an anomaly kind (HTTP: the kebab-case kind). */
export function toAnomalyKindProto(kind: AnomalyKind): ProtoAnomalyKind {
  switch (kind) {
    case 'imbalance':
      return ProtoAnomalyKind.IMBALANCE;
    case 'consumed-before-received':
      return ProtoAnomalyKind.CONSUMED_BEFORE_RECEIVED;
    case 'unknown-node':
      return ProtoAnomalyKind.UNKNOWN_NODE;
    case 'receipt-exceeds-delivery':
      return ProtoAnomalyKind.RECEIPT_EXCEEDS_DELIVERY;
    case 'conflicting-facts':
      return ProtoAnomalyKind.CONFLICTING_FACTS;
    default:
      return unexpected(kind, 'anomaly kind');
  }
}

/** A holder on the wire; an in-transit holder carries the party it goes to. */
export function toHolderProto(holder: Holder): ProtoHolder {
  switch (holder.kind) {
    case 'collection':
      return create(HolderSchema, { kind: HolderKind.COLLECTION, id: holder.id });
    case 'centre':
      return create(HolderSchema, { kind: HolderKind.CENTRE, id: holder.id });
    case 'store':
      return create(HolderSchema, { kind: HolderKind.STORE, id: holder.id });
    case 'processor':
      return create(HolderSchema, { kind: HolderKind.PROCESSOR, id: holder.id });
    case 'in-transit':
      return create(HolderSchema, { kind: HolderKind.IN_TRANSIT, id: holder.id, to: toHolderProto(holder.to) });
    default:
      return unexpected(holder, 'holder');
  }
}

function toTraceSourceProto(source: TraceSource): ProtoTraceSource {
  switch (source.kind) {
    case 'node':
      return create(TraceSourceSchema, { kind: { case: 'nodeId', value: source.nodeId } });
    case 'container':
      return create(TraceSourceSchema, {
        kind: { case: 'containerId', value: source.containerId },
        ...toPeriodProto(source.period),
      });
    case 'municipality':
      return create(TraceSourceSchema, {
        kind: { case: 'municipality', value: source.municipality },
        ...toPeriodProto(source.period),
      });
    default:
      return unexpected(source, 'trace source');
  }
}

function toPeriodProto(period: CollectionPeriod | undefined): { from?: Timestamp; to?: Timestamp } {
  return {
    ...(period?.from === undefined ? {} : { from: timestampFromDate(period.from) }),
    ...(period?.to === undefined ? {} : { to: timestampFromDate(period.to) }),
  };
}

/** A request that may bound a period by instants (`from`, `to`) or by calendar dates (`fromDate`, `toDate`). */
interface ProtoPeriodFields {
  readonly from?: Timestamp | undefined;
  readonly to?: Timestamp | undefined;
  readonly fromDate: string;
  readonly toDate: string;
}

/** The optional period of a trace source: either end open, `to` later than `from`. */
function fromProtoPeriod(source: ProtoTraceSource, timeZone: string): CollectionPeriod | undefined {
  const start = givesEnd(source, 'from') ? fromProtoBoundary(source, 'from', 'source.', timeZone) : undefined;
  const end = givesEnd(source, 'to') ? fromProtoBoundary(source, 'to', 'source.', timeZone) : undefined;
  if (start !== undefined && end !== undefined) requireLater(start, end, endField(source, 'to', 'source.'));
  if (start === undefined && end === undefined) return undefined;
  return { ...(start === undefined ? {} : { from: start }), ...(end === undefined ? {} : { to: end }) };
}

/** The calendar-date form of one end of a period; `''` when not given. */
function dateOf(request: ProtoPeriodFields, end: 'from' | 'to'): string {
  return end === 'from' ? request.fromDate : request.toDate;
}

/** Whether a request gives this end of its period, as an instant or as a calendar date. */
function givesEnd(request: ProtoPeriodFields, end: 'from' | 'to'): boolean {
  return request[end] !== undefined || dateOf(request, end) !== '';
}

/** The field an end of the period was given in, by its gRPC JSON name: `to`, or `toDate` when given as a date. */
function endField(request: ProtoPeriodFields, end: 'from' | 'to', prefix: string): string {
  return `${prefix}${end}${dateOf(request, end) === '' ? '' : 'Date'}`;
}

function requireLater(from: Date, to: Date, toField: string): void {
  if (to.getTime() <= from.getTime()) throw new InvalidInputError('must be later than from', { field: toField });
}

/**
 * One end of a period: the instant, or the calendar date as the first instant of that day in the chain's time
 * zone. Both is ambiguous and refused; neither is a missing field named by its instant form.
 */
function fromProtoBoundary(request: ProtoPeriodFields, end: 'from' | 'to', prefix: string, timeZone: string): Date {
  const instant = request[end];
  const date = dateOf(request, end);
  if (date === '') {
    if (instant === undefined) {
      throw new InvalidInputError(`is required: give ${end} (an instant) or ${end}Date (a calendar date)`, {
        field: `${prefix}${end}`,
      });
    }
    return fromProtoTimestamp(instant, `${prefix}${end}`);
  }
  if (instant !== undefined) {
    throw new InvalidInputError(`give ${end} or ${end}Date, not both`, { field: `${prefix}${end}Date` });
  }
  return calendarDateStart(date, `${prefix}${end}Date`, timeZone);
}

function toKpiScopeProto(scope: KpiScope): GetKpisResponse['scope'] {
  switch (scope.kind) {
    case 'chain':
      return { case: undefined };
    case 'municipality':
      return { case: 'municipality', value: scope.municipality };
    case 'centre':
      return { case: 'centreId', value: scope.centreId };
    default:
      return unexpected(scope, 'KPI scope');
  }
}

function toNodeProto(node: NodeSummary): ProtoNode {
  switch (node.kind) {
    case 'batch':
      return create(NodeSchema, {
        nodeId: node.nodeId,
        kind: NodeKind.BATCH,
        grams: node.grams,
        createdAt: timestampFromDate(node.createdAt),
        containerId: node.containerId,
        municipality: node.municipality,
      });
    case 'lot':
      return create(NodeSchema, {
        nodeId: node.nodeId,
        kind: NodeKind.LOT,
        grams: node.grams,
        createdAt: timestampFromDate(node.createdAt),
        runId: node.runId,
        fraction: node.fraction,
      });
    case 'product':
      return create(NodeSchema, {
        nodeId: node.nodeId,
        kind: NodeKind.PRODUCT,
        grams: node.grams,
        createdAt: timestampFromDate(node.createdAt),
        runId: node.runId,
        productKind: node.productKind,
        outcome: node.outcome,
      });
    case 'unknown':
      return create(NodeSchema, { nodeId: node.nodeId, kind: NodeKind.UNSPECIFIED });
    default:
      return unexpected(node, 'node summary');
  }
}

function toCustodyModelProto(model: CustodyModel): ProtoCustodyModel {
  switch (model) {
    case 'mass-balance':
      return ProtoCustodyModel.MASS_BALANCE;
    default:
      return unexpected(model, 'custody model');
  }
}

function toUpvIndicatorProto(indicator: UpvIndicator): ProtoUpvIndicator {
  switch (indicator) {
    case 'reuse-or-recycling':
      return ProtoUpvIndicator.REUSE_OR_RECYCLING;
    case 'reuse':
      return ProtoUpvIndicator.REUSE;
    case 'reuse-netherlands':
      return ProtoUpvIndicator.REUSE_NETHERLANDS;
    case 'fibre-to-fibre':
      return ProtoUpvIndicator.FIBRE_TO_FIBRE;
    default:
      return unexpected(indicator, 'UPV indicator');
  }
}

function unexpected(value: never, what: string): never {
  throw new Error(
    `no vezel.ledger.v1 mapping for ${what} ${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`,
  );
}
