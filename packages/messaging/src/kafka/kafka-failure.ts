import { UnavailableError } from '@vezel/errors';
import { KafkaAccessRefusedError } from '../kafka-access-refused-error.ts';
import { kafkaErrorMessage } from './kafka-error-message.ts';

/** @platformatic/kafka's error for a SASL exchange the broker refused (wrong credentials or mechanism). */
const SASL_REFUSED = 'PLT_KFK_AUTHENTICATION';
/** Node's codes for a broker certificate the client does not trust or that names another host. */
const CERTIFICATE_REFUSED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The error to throw for a failed Kafka call (`doing` says which, as "publishing to Kafka failed"):
 * KafkaAccessRefusedError when anywhere in the client's layers of errors the broker refused the credentials or
 * the client refused the broker's certificate, else a retriable UnavailableError. Both carry the reason
 * (kafkaErrorMessage) and the client's error as the cause.
 */
export function kafkaFailure(doing: string, error: unknown, connection: { readonly tls?: boolean }): UnavailableError {
  const message = `${doing}: ${kafkaErrorMessage(error, connection)}`;
  const refusal = refusalIn(error);
  return refusal === undefined
    ? new UnavailableError(message, { cause: error })
    : new KafkaAccessRefusedError(`${message} (${refusal})`, { cause: error });
}

/** What was refused, if a refusal is among the client's errors (its causes and the errors it gathered). */
function refusalIn(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 12) return undefined;
  const code = (error as { readonly code?: unknown }).code;
  if (code === SASL_REFUSED)
    return 'the broker refused the SASL credentials: check the user name, password and mechanism';
  if (typeof code === 'string' && CERTIFICATE_REFUSED.has(code)) {
    return "the broker's TLS certificate is not trusted: give the authority that signed it";
  }
  // AggregateError and the client's MultipleErrors gather the errors of every try in `errors`.
  const gathered = (error as { readonly errors?: unknown }).errors;
  for (const inner of [...(Array.isArray(gathered) ? (gathered as unknown[]) : []), error.cause]) {
    const found = refusalIn(inner, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
