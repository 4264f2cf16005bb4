import { InvalidInputError } from '@vezel/errors';
import { decodePageToken, encodePageToken } from './page-token.ts';

/** Where a page of anomalies ended: the sort key of its last row. */
export interface AnomalyPosition {
  /** As PostgreSQL writes the time (to the microsecond), to compare exactly. */
  readonly detectedAt: string;
  readonly nodeId: string;
  readonly anomalyKey: string;
}

export function anomalyPageToken(position: AnomalyPosition): string {
  return encodePageToken([position.detectedAt, position.nodeId, position.anomalyKey]);
}

/** The position a token names; a token this ledger did not make is a 400 naming `pageToken`. */
export function readAnomalyPageToken(token: string): AnomalyPosition {
  const [detectedAt, nodeId, anomalyKey] = decodePageToken(token, 3, 'pageToken') as [string, string, string];
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(detectedAt)) {
    throw new InvalidInputError('is not a page token this ledger gave out', { field: 'pageToken' });
  }
  return { detectedAt, nodeId, anomalyKey };
}
