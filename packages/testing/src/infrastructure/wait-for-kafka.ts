import { Kafka, logLevel } from 'kafkajs';

/**
 * Waits until the broker answers a metadata request (a listening port is not enough: a KRaft broker may still be
 * electing its controller). Returns the cluster id.
 */
export async function waitForKafka(brokers: string, timeoutMs = 60_000): Promise<string> {
  const kafka = new Kafka({
    clientId: 'vezel-readiness',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      await admin.disconnect();
      return cluster.clusterId;
    } catch (error) {
      lastError = error;
      await admin.disconnect().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`Kafka at ${brokers} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}
