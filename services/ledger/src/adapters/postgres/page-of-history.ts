import type { PageRequest } from '../../app/ledger-queries.ts';
import type { HistoryEntry } from '../../domain/index.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';

/** Entries a node's history answers with when the caller does not say. */
export const DEFAULT_HISTORY_PAGE = 200;

/**
 * One page of a node's history (oldest first, by business time then event id): the entries after the one the
 * token names, at most `limit`, and a token for the next page when there is one. A busy lot gathers a sale a day; a
 * page keeps the answer's size bounded however long it lives.
 */
export function pageOfHistory(
  history: readonly HistoryEntry[],
  page: PageRequest,
): { readonly history: readonly HistoryEntry[]; readonly nextHistoryPageToken?: string } {
  let start = 0;
  if (page.pageToken !== undefined) {
    const [occurredAt, eventId] = decodePageToken(page.pageToken, 2, 'historyPageToken') as [string, string];
    const after = (entry: HistoryEntry): boolean => {
      const at = entry.occurredAt.toISOString();
      return at > occurredAt || (at === occurredAt && entry.eventId > eventId);
    };
    start = history.findIndex(after);
    if (start === -1) start = history.length;
  }
  const shown = history.slice(start, start + page.limit);
  const last = shown.at(-1);
  return start + page.limit < history.length && last !== undefined
    ? {
        history: shown,
        nextHistoryPageToken: encodePageToken([last.occurredAt.toISOString(), last.eventId]),
      }
    : { history: shown };
}
