// The ledger's pure core (docs/domain.md, "Mass-balance allocation"; docs/architecture.md, "The ledger").
//
// - Facts in: one LedgerFact per chain event, kept as a set keyed by event id (a redelivery is a no-op) and filed
//   under the node, container and municipality keys queries start from (ledger-state.ts). No I/O: a store keeps the
//   same rows, a consumer feeds them, adapters serve the queries.
// - Figures out, computed from the set alone, so any arrival order gives the same answers: per node, its books
//   (node-account.ts: creation, holders, deliveries matched to receipts, where its grams went); forward traces
//   (exact rational shares through runs, rounded once per node by largest remainder; container and municipality
//   = sum of their batches); backward traces (pool composition of each run, rounded once per node); node
//   history; anomalies, which clear by themselves when the missing fact arrives.

export type {
  LedgerFact,
  LedgerFactType,
  ContainerRegistered,
  ContainerLocation,
  BatchCollected,
  BatchShipped,
  NodeReceivedAtCentre,
  RunInput,
  SortingRunOutput,
  SortingRunCompleted,
  LotDispatched,
  LotReceivedAtStore,
  ItemsSold,
  ItemsDonated,
  LotReturned,
  LotReceivedByProcessor,
  ProcessingRunOutput,
  ProcessingRunCompleted,
  NodeDisposed,
  RunCompleted,
  FactRecorder,
} from './ledger-fact.ts';
export { LEDGER_FACT_TYPES, requireLedgerFactTypes } from './ledger-fact.ts';
export type { Destination, PartyDestination, ExporterDestination, DisposalDestination } from './destination.ts';
export {
  OUTCOMES,
  type KnownOutcome,
  type Outcome,
  type RecyclingOutcome,
  type DisposalMethod,
  compareOutcomes,
  disposalOutcomeOf,
} from './outcome.ts';
export {
  type Holder,
  type CollectionHolder,
  type PartyHolder,
  type InTransitHolder,
  holderKeyOf,
  describeHolder,
} from './holder.ts';
export { accountNode, type NodeAccount, type NodeCreation, type BatchCreation } from './node-account.ts';
export { firstCentreOf } from './first-centre-of.ts';
export { booksOfNodes, bookFitsFacts, factIdsOfBook, withNodeBooks, type NodeBook } from './node-book.ts';
export { downstreamReadersFrom, ownReadersOf, readerKeyOf } from './node-readers.ts';
export { occurredAtOf, compareFactsByTime } from './occurred-at-of.ts';
export { runOutputsOf } from './run-outputs-of.ts';
export { nodeIdsOf, indexKeysOf, nodeKeyOf, containerKeyOf, municipalityKeyOf } from './index-keys-of.ts';
export { canonicalJson } from './canonical-json.ts';
export {
  type LedgerState,
  EMPTY_LEDGER,
  applyFacts,
  applyFact,
  hasFact,
  factsUnder,
  nodeIdsIn,
  hasNode,
  containerIdsIn,
  municipalitiesIn,
} from './ledger-state.ts';
export { CUSTODY_MODEL, type CustodyModel } from './custody-model.ts';
export { forwardSharesIn, type ForwardShares } from './forward-shares.ts';
export { fractionOutcomesOf, type FractionOutcomeGrams } from './fraction-outcomes.ts';
export {
  traceForward,
  traceNodesForward,
  combineForwardTraces,
  type TraceSource,
  type NodeSource,
  type ContainerSource,
  type MunicipalitySource,
  type CollectionPeriod,
  type ForwardTrace,
  type OutcomeGrams,
  type StockLine,
} from './trace-forward.ts';
export { traceBackward, type BackwardTrace, type Origin, type MunicipalityGrams } from './trace-backward.ts';
export {
  describeNode,
  type NodeDescription,
  type NodeSummary,
  type BatchSummary,
  type LotSummary,
  type ProductSummary,
  type UnknownNodeSummary,
  type HolderGrams,
} from './describe-node.ts';
export type { HistoryEntry } from './history-entry-of.ts';
export {
  listAnomalies,
  factAnomaliesIn,
  cycleAnomaliesIn,
  ANOMALY_KINDS,
  type Anomaly,
  type AnomalyKind,
} from './list-anomalies.ts';
export { co2eGramsOf, factorFraction, type EmissionFactor, type EmissionFactorTable } from './emission-factors.ts';
export { kpisOf, type Kpis, type KpiScope, type OutcomeEmission } from './kpis.ts';
export {
  upvReportOf,
  UPV_INDICATORS,
  type UpvFigure,
  type UpvIndicator,
  type UpvReport,
  type MunicipalityUpvFigures,
} from './upv-report.ts';
export { localForLocalOf, type CollectedGramsByStorePlace, type RegionalLocalForLocal } from './local-for-local.ts';
export type { ReferenceData, MarketFigure, StorePlace } from './reference-data.ts';
export { type EpcisQuery, bareBizStep, matchesEpcisQuery } from './epcis-query.ts';
export {
  DEFAULT_RETRY_SCHEDULE_MS,
  type DeliveryAnswer,
  type DeliveryVerdict,
  deliveryVerdictOf,
  endpointRestMsOf,
  retryAfterMsOf,
} from './webhook-retry.ts';
export {
  DEFAULT_WEBHOOK_TARGET_RULES,
  REFUSED_NETWORKS,
  type WebhookTargetRules,
  isPublicOrAllowed,
  requireNetworks,
  requireWebhookTarget,
} from './webhook-target.ts';
