import type { ConnectionOptions } from '@platformatic/kafka';
import type { KafkaEventLogOptions } from './kafka-event-log-options.ts';

/**
 * The client's connection options for `tls` and `sasl`: what a managed Kafka asks for. Every connection the adapter
 * opens takes them, the fetch connections of its consumers included.
 */
export function kafkaConnectionSecurity(
  options: Pick<KafkaEventLogOptions, 'sasl' | 'tls'>,
): Pick<ConnectionOptions, 'sasl' | 'tls'> {
  return {
    ...(options.sasl === undefined
      ? {}
      : {
          sasl: {
            mechanism: options.sasl.mechanism,
            username: options.sasl.username,
            password: options.sasl.password,
          },
        }),
    ...(options.tls === undefined ? {} : { tls: options.tls === true ? {} : { ca: options.tls.ca } }),
  };
}
