import { fromBinary, toBinary, type DescMessage, type MessageShape, type Registry } from '@bufbuild/protobuf';
import { InvalidInputError } from '@vezel/errors';

/** Serialises an event message; its type name becomes the `ce_type` header. */
export function encodeEvent<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): { readonly type: string; readonly value: Uint8Array } {
  return { type: schema.typeName, value: toBinary(schema, message) };
}

/** A decoded event: its message descriptor and the message. */
export interface DecodedEvent {
  readonly schema: DescMessage;
  readonly message: MessageShape<DescMessage>;
}

/** Decodes an event by its `ce_type`, failing clearly on a type the registry does not know. */
export function decodeEvent(registry: Registry, type: string, value: Uint8Array): DecodedEvent {
  const schema = registry.getMessage(type);
  if (schema === undefined) {
    throw new InvalidInputError(`unknown event type ${type}`, { field: 'ce_type' });
  }
  return { schema, message: fromBinary(schema, value) };
}
