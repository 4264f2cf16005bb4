import type { LoggedEvent } from '@vezel/messaging';
import { expect } from 'vitest';

/** The CloudEvents attributes one event should carry. */
export interface ExpectedCloudEvent {
  /** `/vezel/<service>`. */
  readonly source: string;
  readonly type: string;
  /** The node the event is about: also its Kafka key. */
  readonly subject: string;
  readonly time: string;
}

/** Asserts the CloudEvents headers every event of a write-side service carries, and that its key is the subject. */
export function expectCloudEventHeaders(event: LoggedEvent, expected: ExpectedCloudEvent): void {
  expect(event.headers).toMatchObject({
    ce_specversion: '1.0',
    ce_type: expected.type,
    ce_source: expected.source,
    ce_subject: expected.subject,
    ce_time: expected.time,
    'content-type': 'application/protobuf',
  });
  // UUIDv7: version nibble 7, RFC 4122 variant.
  expect(event.headers['ce_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(event.key).toBe(expected.subject);
}
