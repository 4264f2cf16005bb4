import { describe, expect, it } from 'vitest';
import { InvalidBrokerAddressError, parseBrokerAddresses } from '../src/infrastructure/index.ts';

describe('a broker list read from the environment or the local broker script', () => {
  it('accepts host:port entries, trimmed, one or several', () => {
    expect(parseBrokerAddresses('127.0.0.1:19092\n', 'kafka.sh up')).toBe('127.0.0.1:19092');
    expect(parseBrokerAddresses(' kafka-1.internal:9092, [::1]:9093,kafka_2:9094 ', 'KAFKA_BROKERS')).toBe(
      'kafka-1.internal:9092,[::1]:9093,kafka_2:9094',
    );
  });

  it('refuses what Maven once leaked onto the script output, naming the source and the bytes it got', () => {
    const leaked = '\u001b[0m\u001b[0m127.0.0.1:19092';
    expect(() => parseBrokerAddresses(leaked, 'deploy/local/kafka.sh up')).toThrow(InvalidBrokerAddressError);
    expect(() => parseBrokerAddresses(leaked, 'deploy/local/kafka.sh up')).toThrow(
      'deploy/local/kafka.sh up gave "\\u001b[0m\\u001b[0m127.0.0.1:19092" where a Kafka broker list was expected',
    );
  });

  it('refuses a second line, a missing port, a port out of range and an empty entry', () => {
    for (const bad of ['[kafka] ready\n127.0.0.1:19092', '127.0.0.1', '127.0.0.1:70000', '127.0.0.1:9092,', '']) {
      expect(() => parseBrokerAddresses(bad, 'test'), JSON.stringify(bad)).toThrow(InvalidBrokerAddressError);
    }
  });
});
