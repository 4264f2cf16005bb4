import { InvalidInputError } from '@vezel/errors';
import type { EventHeaders } from './event-record.ts';
import type { RecordingPrincipal } from './recording-principal.ts';

/** The CloudEvents attributes Vezel sets on every event (Kafka protocol binding, binary content mode). */
export interface CloudEventAttributes {
  /** UUIDv7; consumers dedupe on it. */
  readonly id: string;
  /** Full protobuf message name, e.g. `vezel.collection.v1.BatchCollected`. */
  readonly type: string;
  /** The producing service as a URI reference, e.g. `/vezel/collection`. */
  readonly source: string;
  /** The node the event is about. */
  readonly subject: string;
  readonly time: Date;
  /** Extension attributes `recordedby` / `recordedvia`: who recorded the fact, when it came with a credential. */
  readonly recordedBy?: RecordingPrincipal;
}

export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';

/** Builds the `ce_*` headers (and content type) for an event; trace headers are added by the publisher. */
export function toCloudEventHeaders(attributes: CloudEventAttributes): EventHeaders {
  return {
    ce_specversion: '1.0',
    ce_id: attributes.id,
    ce_type: attributes.type,
    ce_source: attributes.source,
    ce_subject: attributes.subject,
    ce_time: attributes.time.toISOString(),
    ...(attributes.recordedBy === undefined
      ? {}
      : { ce_recordedby: attributes.recordedBy.partnerId, ce_recordedvia: attributes.recordedBy.credential }),
    'content-type': PROTOBUF_CONTENT_TYPE,
  };
}

/** Reads the CloudEvents attributes back, rejecting an event that lacks one (it cannot be deduped or decoded). */
export function parseCloudEventHeaders(headers: EventHeaders): CloudEventAttributes {
  const required = (name: string): string => {
    const value = headers[name];
    if (value === undefined || value === '') {
      throw new InvalidInputError(`event header ${name} is missing`, { field: name });
    }
    return value;
  };
  if (required('ce_specversion') !== '1.0') {
    throw new InvalidInputError(`unsupported CloudEvents specversion ${headers['ce_specversion']}`, {
      field: 'ce_specversion',
    });
  }
  const time = new Date(required('ce_time'));
  const recordedBy = headers['ce_recordedby'];
  if (Number.isNaN(time.getTime())) {
    throw new InvalidInputError(`event header ce_time is not a valid time`, { field: 'ce_time' });
  }
  return {
    id: required('ce_id'),
    type: required('ce_type'),
    source: required('ce_source'),
    subject: required('ce_subject'),
    time,
    ...(recordedBy === undefined || recordedBy === ''
      ? {}
      : { recordedBy: { partnerId: recordedBy, credential: headers['ce_recordedvia'] ?? '' } }),
  };
}
