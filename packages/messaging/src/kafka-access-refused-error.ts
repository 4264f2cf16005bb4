import { UnavailableError } from '@vezel/errors';

/**
 * The broker refused this client: it rejected the SASL credentials, or the TLS certificate it showed is not one the
 * client trusts. Unlike a broker that cannot be reached, nothing changes by waiting: the same settings fail again
 * until an operator corrects them, so a host stops at start-up on this one (and keeps running through the other).
 */
export class KafkaAccessRefusedError extends UnavailableError {
  override readonly retriable = false;
}
