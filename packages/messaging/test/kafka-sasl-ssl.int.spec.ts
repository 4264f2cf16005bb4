import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import { testKafkaBrokers, testKafkaSaslSsl } from '@vezel/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaAccessRefusedError, type KafkaEventLogOptions, type KafkaSasl } from '../src/index.ts';
import { securedRoundTrip } from './secured-round-trip.ts';

/*
 * A managed Kafka is reached over TLS, then SASL (SASL_SSL). The local broker (deploy/local/kafka.sh) opens such a
 * listener, named localhost as a managed cluster names its brokers, with a certificate its own authority signed: the
 * EventLog creates topics, publishes and consumes through it when it trusts that authority, and fails saying why
 * when it does not, or when one side speaks TLS and the other does not.
 */
const scram: KafkaSasl = { mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'vezel-local-secret' };
const plain: KafkaSasl = { mechanism: 'PLAIN', username: 'vezel', password: 'vezel-local-secret' };

async function authority(): Promise<{ readonly ca: string }> {
  return { ca: await readFile(testKafkaSaslSsl().caFile, 'utf8') };
}

function roundTrip(
  brokers: readonly string[],
  security: Pick<KafkaEventLogOptions, 'sasl' | 'tls'>,
  label: string,
): Promise<number> {
  return securedRoundTrip(brokers, security, `sasl-ssl-${label}`);
}

describe('the Kafka EventLog over SASL_SSL', () => {
  const warnings: Error[] = [];
  const collect = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', collect);
  });
  afterEach(() => {
    process.off('warning', collect);
  });

  it('creates topics, publishes and consumes with SCRAM-SHA-512, trusting the listener’s authority', async () => {
    const { brokers } = testKafkaSaslSsl();
    expect(await roundTrip(brokers, { sasl: scram, tls: await authority() }, 'scram')).toBe(12);
    // Every connection named its broker (SNI): by host name, which Node takes without a warning.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  });

  it('creates topics, publishes and consumes with PLAIN, whose password only TLS hides', async () => {
    const { brokers } = testKafkaSaslSsl();
    expect(await roundTrip(brokers, { sasl: plain, tls: await authority() }, 'plain')).toBe(12);
  });

  it('reaches the listener by IP address too (the certificate names 127.0.0.1)', async () => {
    const brokers = testKafkaSaslSsl().brokers.map((broker) => broker.replace(/^localhost:/, '127.0.0.1:'));
    expect(await roundTrip(brokers, { sasl: scram, tls: await authority() }, 'by-ip')).toBe(12);
  });

  it('names the broker in each TLS handshake (SNI), which brokers behind a TLS-routing proxy need', async () => {
    // A TLS server that notes the name each handshake asks for and then refuses it: no broker, no certificate.
    const names: string[] = [];
    const server = createServer({
      SNICallback: (name, answer) => {
        names.push(name);
        answer(new Error('noted'));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(roundTrip([`localhost:${port}`], { sasl: scram, tls: await authority() }, 'sni')).rejects.toThrow(
        /listing Kafka topics failed/,
      );
      expect(names).toContain('localhost');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is refused by a client that does not trust the authority, which says the certificate is not trusted', async () => {
    const { brokers } = testKafkaSaslSsl();
    const untrusted = roundTrip(brokers, { sasl: scram, tls: true }, 'untrusted');
    await expect(untrusted).rejects.toThrow(
      /listing Kafka topics failed: .*(self[- ]signed certificate|unable to get local issuer certificate).*certificate is not trusted: give the authority/,
    );
    await expect(untrusted).rejects.toThrow(KafkaAccessRefusedError);
  });

  it('fails saying so when the client speaks TLS to a listener without it, or none to the TLS listener', async () => {
    await expect(roundTrip(testKafkaBrokers(), { tls: await authority() }, 'tls-to-plaintext')).rejects.toThrow(
      /listing Kafka topics failed: .*TLS handshake failed/,
    );
    await expect(roundTrip(testKafkaSaslSsl().brokers, {}, 'plaintext-to-tls')).rejects.toThrow(
      /listing Kafka topics failed: .*Broker requires TLS/,
    );
    // With SASL, @platformatic/kafka 2.12.1 drops that error and reports the closed connection as "Cannot find a
    // suitable SASL mechanism": the message says what most likely happened.
    const closedMidHandshake = roundTrip(testKafkaSaslSsl().brokers, { sasl: scram }, 'sasl-plaintext-to-tls');
    await expect(closedMidHandshake).rejects.toThrow(
      /Cannot find a suitable SASL mechanism.*a listener that requires TLS does to a client without it/,
    );
    // The client calls that an authentication error, but the broker refused nothing: a connection closed during the
    // handshake is what a broker restarting does too, so it stays retriable rather than stopping a service's start.
    await expect(closedMidHandshake).rejects.not.toThrow(KafkaAccessRefusedError);
  });
});
