import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';

/** Serializes a message or init object to the Buffer grpc-js expects, without copying the encoded bytes. */
export function encodeMessage<D extends DescMessage>(schema: D, message: MessageInitShape<D>): Buffer {
  const bytes = toBinary(schema, create(schema, message));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
