import { errorChainMessage } from '@vezel/errors';

/**
 * A @platformatic/kafka error's message with the reasons under it (errorChainMessage). Where the client's own words
 * mislead, a hint follows (SASL_HANDSHAKE_CLOSED, for a `connection` without TLS).
 */
export function kafkaErrorMessage(error: unknown, connection: { readonly tls?: boolean } = {}): string {
  const message = errorChainMessage(error);
  // Only for a client known to connect without TLS: with TLS on, the closed connection has another cause.
  return connection.tls === false && SASL_HANDSHAKE_CLOSED.test(message)
    ? `${message} (${SASL_HANDSHAKE_CLOSED_HINT})`
    : message;
}

/**
 * A listener that requires TLS closes a plaintext connection at its first request; with SASL that request is the
 * mechanism handshake, and @platformatic/kafka (2.12) then reports "Cannot find a suitable SASL mechanism" over the
 * closed connection, as if the credentials or the mechanism were wrong.
 */
const SASL_HANDSHAKE_CLOSED = /Cannot find a suitable SASL mechanism.*Connection closed/s;
const SASL_HANDSHAKE_CLOSED_HINT =
  'the broker closed the connection before SASL began, as a listener that requires TLS does to a client without it: ' +
  'check that TLS is on (KAFKA_TLS=true) when the listener is SASL_SSL';
