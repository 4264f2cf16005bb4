/**
 * The names the feed gives its events (`event:` of each SSE message): the ledger's fact types. An EventSource
 * hears a named event only when it listens for that name; a unit test keeps this list equal to the ledger's.
 */
export const FEED_EVENT_TYPES = [
  'ContainerRegistered',
  'BatchCollected',
  'BatchShipped',
  'NodeReceivedAtCentre',
  'SortingRunCompleted',
  'LotDispatched',
  'LotReceivedAtStore',
  'ItemsSold',
  'ItemsDonated',
  'LotReturned',
  'LotReceivedByProcessor',
  'ProcessingRunCompleted',
  'NodeDisposed',
];
