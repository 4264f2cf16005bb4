import { Metadata, type StatusObject } from '@grpc/grpc-js';
import { GrpcStatus, isDomainError, toGrpcStatus } from '@vezel/errors';

/** Trailing metadata key carrying the path of the offending input field, e.g. `outputs[2].grams`. */
export const FIELD_METADATA_KEY = 'vezel-field';
/**
 * Trailing metadata key carrying the error kind (`MassNotConserved`, ...). Several kinds share one gRPC code
 * (FAILED_PRECONDITION), and clients need to tell them apart without parsing the message.
 */
export const ERROR_KIND_METADATA_KEY = 'vezel-error-kind';

/**
 * The status a failed call ends with. Domain errors keep their message and field; anything else becomes INTERNAL
 * with a generic message (`isUnexpected` tells the caller to report it, since the client learns nothing).
 */
export function toGrpcStatusObject(error: unknown): StatusObject & { readonly isUnexpected: boolean } {
  const status = toGrpcStatus(error);
  const metadata = new Metadata();
  if (status.field !== undefined) metadata.set(FIELD_METADATA_KEY, toMetadataValue(status.field));
  const domain = isDomainError(error);
  if (domain) metadata.set(ERROR_KIND_METADATA_KEY, error.kind);
  return {
    code: status.code,
    details: status.message,
    metadata,
    isUnexpected: !domain && status.code === GrpcStatus.INTERNAL,
  };
}

// ASCII-only header values are all HTTP/2 allows here (grpc-js throws otherwise); a field path built from a client's
// unknown key may contain anything, so such values are percent-encoded rather than failing the error path itself.
function toMetadataValue(value: string): string {
  return /^[ -~]*$/.test(value) ? value : encodeURIComponent(value);
}
