import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { findEventSchema } from '@vezel/contracts';
import type { LoggedEvent } from '@vezel/messaging';
import { expect } from 'vitest';

/** Decodes an event by its `ce_type`, asserting the type is the expected one and a known event schema. */
export function decodeAs<Desc extends DescMessage>(schema: Desc, event: LoggedEvent): MessageShape<Desc> {
  expect(event.headers['ce_type']).toBe(schema.typeName);
  expect(findEventSchema(event.headers['ce_type'] ?? '')?.typeName).toBe(schema.typeName);
  return fromBinary(schema, event.value);
}
