import { isIP } from 'node:net';
import type { ConnectionOptions } from '@platformatic/kafka';
import type { KafkaEventLogOptions } from './kafka-event-log-options.ts';

/**
 * The client's connection options for `tls` and `sasl`: what a managed Kafka asks for. Every connection the adapter
 * opens takes them, the fetch connections of its consumers included.
 *
 * Over TLS to brokers named by host name, each connection names its broker in the handshake (SNI): Node sends none
 * unless told, and clusters that route connections by it (Confluent Cloud, Strimzi's route and ingress listeners)
 * answer a handshake without one with the wrong certificate or not at all. Brokers named by IP address get none, as
 * RFC 6066 asks (Node warns when given one).
 */
export function kafkaConnectionSecurity(
  options: Pick<KafkaEventLogOptions, 'brokers' | 'sasl' | 'tls'>,
): Pick<ConnectionOptions, 'sasl' | 'tls' | 'tlsServerName'> {
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
    ...(options.tls !== undefined && options.brokers.length > 0 && options.brokers.every(namedByHostName)
      ? { tlsServerName: true }
      : {}),
  };
}

/** Whether `host:port` (or `[v6]:port`) names its host rather than giving an IP address. */
function namedByHostName(broker: string): boolean {
  const host = broker.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0;
}
