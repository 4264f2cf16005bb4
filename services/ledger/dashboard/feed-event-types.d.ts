/**
 * The names the feed gives its events (`event:` of each SSE message): the ledger's fact types. An EventSource hears
 * a named event only when it listens for that name. There is no file behind `./feed-event-types.js`: the ledger
 * serves that module built from its own list (src/adapters/http/dashboard-routes.ts), and this declares it for the
 * dashboard's type check.
 */
export declare const FEED_EVENT_TYPES: readonly string[];
