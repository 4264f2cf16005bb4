import { describe, expect, it } from 'vitest';
import { kafkaConnectionSecurity } from '../src/kafka/kafka-connection-security.ts';

const sasl = { mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'secret' } as const;

describe('the Kafka connection security options', () => {
  it('are empty without TLS and SASL', () => {
    expect(kafkaConnectionSecurity({ brokers: ['kafka:9092'] })).toEqual({});
  });

  it('trust the given authority, or the system ones, and pass SASL on', () => {
    expect(kafkaConnectionSecurity({ brokers: ['10.0.0.5:9093'], tls: { ca: 'PEM' }, sasl })).toEqual({
      tls: { ca: 'PEM' },
      sasl,
    });
    expect(kafkaConnectionSecurity({ brokers: ['10.0.0.5:9093'], tls: true })).toEqual({ tls: {} });
  });

  it('name each broker in the TLS handshake (SNI) when the brokers are named by host name', () => {
    expect(
      kafkaConnectionSecurity({ brokers: ['b-1.kafka.example:9096', 'b-2.kafka.example:9096'], tls: true }),
    ).toEqual({ tls: {}, tlsServerName: true });
    expect(kafkaConnectionSecurity({ brokers: ['localhost:19095'], tls: { ca: 'PEM' } })).toMatchObject({
      tlsServerName: true,
    });
  });

  it('send no server name to brokers named by IP address, nor without TLS', () => {
    for (const brokers of [['127.0.0.1:19095'], ['[::1]:19095'], ['kafka.example:9093', '10.0.0.5:9093']]) {
      expect(kafkaConnectionSecurity({ brokers, tls: true })).not.toHaveProperty('tlsServerName');
    }
    expect(kafkaConnectionSecurity({ brokers: ['kafka.example:9092'], sasl })).not.toHaveProperty('tlsServerName');
  });
});
