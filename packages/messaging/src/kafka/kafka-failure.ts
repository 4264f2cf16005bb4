import { errorChain, UnavailableError } from '@vezel/errors';
import { KafkaAccessRefusedError } from '../kafka-access-refused-error.ts';
import { kafkaErrorMessage } from './kafka-error-message.ts';

/**
 * The broker's own answers that refuse a client's SASL exchange. Not @platformatic/kafka's AuthenticationError: the
 * client also wraps a connection closed or timed out mid-handshake in it, which is a broker going away, not a refusal.
 */
const SASL_REFUSALS = new Set(['SASL_AUTHENTICATION_FAILED', 'UNSUPPORTED_SASL_MECHANISM']);
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
 * KafkaAccessRefusedError when the client's last try ended in the broker refusing the credentials or the client
 * refusing the broker's certificate, else a retriable UnavailableError. Both carry the reason
 * (kafkaErrorMessage) and the client's error as the cause.
 */
export function kafkaFailure(doing: string, error: unknown, connection: { readonly tls?: boolean }): UnavailableError {
  const message = `${doing}: ${kafkaErrorMessage(error, connection)}`;
  const refusal = refusalIn(error);
  return refusal === undefined
    ? new UnavailableError(message, { cause: error })
    : new KafkaAccessRefusedError(`${message} (${refusal})`, { cause: error });
}

/**
 * What was refused, if the client's last try ended in a refusal: its errorChain (the last of gathered errors, every
 * try and every broker), so an earlier try's refusal followed by a network failure is not taken for one.
 */
function refusalIn(error: unknown): string | undefined {
  // Deeper than a message needs: the broker's answer sits under the tries, the broker, the connection and the request.
  for (const layer of errorChain(error, 12)) {
    const { apiId, code } = layer as { readonly apiId?: unknown; readonly code?: unknown };
    if (typeof apiId === 'string' && SASL_REFUSALS.has(apiId)) {
      return 'the broker refused the SASL credentials: check the user name, password and mechanism';
    }
    if (typeof code === 'string' && CERTIFICATE_REFUSED.has(code)) {
      return "the broker's TLS certificate is not trusted: give the authority that signed it";
    }
  }
  return undefined;
}
