import { InvalidInputError } from '@vezel/errors';

/** Where a page of anomalies ended: the sort key of its last row. */
export interface AnomalyPosition {
  /** As PostgreSQL writes the time (to the microsecond), to compare exactly. */
  readonly detectedAt: string;
  readonly nodeId: string;
  readonly anomalyKey: string;
}

/** An opaque token for the next page: the last row's sort key, base64url JSON. Not a secret, just not for editing. */
export function anomalyPageToken(position: AnomalyPosition): string {
  const parts = [position.detectedAt, position.nodeId, position.anomalyKey];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The position a token names; a token this ledger did not make is a 400 naming `pageToken`. */
export function readAnomalyPageToken(token: string): AnomalyPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 3 ||
    !parts.every((part) => typeof part === 'string' && part.isWellFormed() && !part.includes('\u0000')) ||
    !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(parts[0] as string)
  ) {
    throw new InvalidInputError('is not a page token this ledger gave out', { field: 'pageToken' });
  }
  const [detectedAt, nodeId, anomalyKey] = parts as [string, string, string];
  return { detectedAt, nodeId, anomalyKey };
}
