import { mayOwn, type HolderRef, type Principal } from '@vezel/access';
import { ForbiddenError } from '@vezel/errors';
import { readerKeyOf } from '../domain/index.ts';
import type { LedgerQueries } from './ledger-queries.ts';

/**
 * Who reads the ledger. The operator and auditors (and a ledger run without access control) read everything;
 * any other partner reads through the holders and municipalities it owns, as reader keys (`store:ST-1`).
 */
export type LedgerReader =
  | { readonly kind: 'everything' }
  | { readonly kind: 'partner'; readonly partnerId: string; readonly readers: ReadonlySet<string> };

export const READS_EVERYTHING: LedgerReader = { kind: 'everything' };

/** The reader a caller is: `holdersOf` lists what the directory says a partner owns. */
export async function ledgerReaderOf(
  caller: Pick<Principal, 'kind' | 'partnerId'> | undefined,
  holdersOf: (partnerId: string) => Promise<readonly HolderRef[]>,
): Promise<LedgerReader> {
  if (caller === undefined || caller.kind === 'operator' || caller.kind === 'auditor') return READS_EVERYTHING;
  // Only what its kind may own counts (a holder given before that rule existed grants nothing).
  const holders = (await holdersOf(caller.partnerId)).filter((holder) => mayOwn(caller.kind, holder.kind));
  return {
    kind: 'partner',
    partnerId: caller.partnerId,
    readers: new Set(holders.map((holder) => readerKeyOf(holder.kind, holder.id))),
  };
}

/**
 * The ledger's queries as `reader` may ask them: the one read policy, for HTTP and gRPC alike.
 *
 * - A node's history to whoever holds or held it or anything made from it, and to the municipalities whose grams
 *   reach it: a store reads the lots sent to it and their origins, a processor what reached it, a municipality
 *   where its containers' textile went.
 * - A node's traces, which name every holder above or below it and their grams, only to its own parties (who held
 *   it or was sent it; a batch's municipality): a store traces its lots, not the batches they came from.
 * - A municipality's or a container's forward trace and KPIs to the municipality; a centre's KPIs to the centre.
 * - Anomalies filtered to the nodes the reader may read; the feed to the events it may see.
 * - The chain as a whole (chain KPIs, flows, local-for-local, the UPV report, the lag) to the operator and auditors.
 *
 * Everything else is refused with 403, naming what was asked for; the answers themselves are unchanged.
 */
export function ledgerQueriesFor(reader: LedgerReader, queries: LedgerQueries): LedgerQueries {
  if (reader.kind === 'everything') return queries;
  const { partnerId, readers } = reader;
  const refuse = (what: string, details: Record<string, string>): never => {
    throw new ForbiddenError(`${partnerId} may not read ${what}`, { details: { partnerId, ...details } });
  };
  const requireNode = async (nodeId: string): Promise<void> => {
    if (!(await queries.mayReadNode(nodeId, readers))) refuse(`node ${nodeId}`, { nodeId });
  };
  const requireOwnNode = async (nodeId: string): Promise<void> => {
    if (!(await queries.isPartyOfNode(nodeId, readers))) refuse(`the traces of node ${nodeId}`, { nodeId });
  };
  const requireMunicipality = (municipality: string): void => {
    if (!readers.has(readerKeyOf('municipality', municipality))) {
      refuse(`municipality ${municipality}`, { municipality });
    }
  };
  const chainWide = (what: string): never => refuse(`${what}: only the operator and auditors read the whole chain`, {});
  // Every query listed, none spread: a query added to the port must say here who may ask it.
  return {
    async traceForward(source) {
      if (source.kind === 'node') await requireOwnNode(source.nodeId);
      else if (source.kind === 'municipality') requireMunicipality(source.municipality);
      else {
        const municipalities = await queries.municipalitiesOfContainer(source.containerId);
        const own = municipalities.every((municipality) => readers.has(readerKeyOf('municipality', municipality)));
        if (municipalities.length === 0 || !own) {
          refuse(`container ${source.containerId}`, { containerId: source.containerId });
        }
      }
      return queries.traceForward(source);
    },
    async traceBackward(nodeId) {
      await requireOwnNode(nodeId);
      return queries.traceBackward(nodeId);
    },
    async describeNode(nodeId, historyPage) {
      await requireNode(nodeId);
      return queries.describeNode(nodeId, historyPage);
    },
    async kpis(query) {
      const { scope } = query;
      if (scope.kind === 'chain') chainWide('the chain KPIs');
      else if (scope.kind === 'municipality') requireMunicipality(scope.municipality);
      else if (!readers.has(readerKeyOf('centre', scope.centreId))) {
        refuse(`centre ${scope.centreId}`, { centreId: scope.centreId });
      }
      return queries.kpis(query);
    },
    flows: async () => chainWide('the flows'),
    localForLocal: async () => chainWide('local-for-local'),
    upvReport: async () => chainWide('the UPV report'),
    lag: async () => chainWide('the lag'),
    anomalies: (page) => queries.anomalies(page, readers),
    feed: (request) => queries.feed({ ...request, readers }),
    mayReadNode: (nodeId, asked) => queries.mayReadNode(nodeId, asked),
    isPartyOfNode: (nodeId, asked) => queries.isPartyOfNode(nodeId, asked),
    municipalitiesOfContainer: (containerId) => queries.municipalitiesOfContainer(containerId),
  };
}
