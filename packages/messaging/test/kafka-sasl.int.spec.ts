import { testKafkaSaslBrokers } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { UnavailableError } from '@vezel/errors';
import { KafkaAccessRefusedError, type KafkaSasl } from '../src/index.ts';
import { securedRoundTrip } from './secured-round-trip.ts';

/*
 * A managed Kafka asks clients to authenticate. The local broker (deploy/local/kafka.sh) opens a SASL listener with
 * SCRAM-SHA-512 and PLAIN for user `vezel`; the EventLog creates topics, publishes and consumes over it.
 */
const PASSWORD = 'vezel-local-secret';

function roundTrip(sasl: KafkaSasl | undefined, label: string): Promise<number> {
  return securedRoundTrip(testKafkaSaslBrokers(), sasl === undefined ? {} : { sasl }, `sasl-${label}`);
}

describe('the Kafka EventLog over SASL', () => {
  it('creates topics, publishes and consumes with SCRAM-SHA-512', async () => {
    expect(await roundTrip({ mechanism: 'SCRAM-SHA-512', username: 'vezel', password: PASSWORD }, 'scram')).toBe(12);
  });

  it('creates topics, publishes and consumes with PLAIN', async () => {
    expect(await roundTrip({ mechanism: 'PLAIN', username: 'vezel', password: PASSWORD }, 'plain')).toBe(12);
  });

  it('fails with a wrong password, saying so, and without credentials', async () => {
    const wrong = roundTrip({ mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'not-the-password' }, 'wrong');
    // Refused, not unreachable: waiting does not help, so a service stops at start-up on it.
    await expect(wrong).rejects.toThrow(KafkaAccessRefusedError);
    await expect(wrong).rejects.toThrow(/SASL authentication failed.*refused the SASL credentials/);
    await expect(wrong).rejects.toMatchObject({ retriable: false });
    const anonymous = roundTrip(undefined, 'anonymous');
    await expect(anonymous).rejects.toThrow(UnavailableError);
    // The listener only closes the connection: that looks like any broker going away, so it stays retriable.
    await expect(anonymous).rejects.not.toThrow(KafkaAccessRefusedError);
  });
});
