import { Admin } from '@platformatic/kafka';
import { errorChainMessage } from '@vezel/errors';

/**
 * Waits until the broker answers a metadata request (a listening port is not enough: a KRaft broker may still be
 * electing its controller). Returns the cluster id.
 */
export async function waitForKafka(brokers: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    // A fresh client per attempt (a closed one never reopens), retrying nothing itself: this loop retries.
    const admin = new Admin({ clientId: 'vezel-readiness', bootstrapBrokers: brokers.split(','), retries: 0 });
    try {
      const metadata = await admin.metadata({ topics: [] });
      return metadata.id;
    } catch (error) {
      lastError = error;
    } finally {
      await admin.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Kafka at ${brokers} did not answer within ${timeoutMs} ms: ${errorChainMessage(lastError)}`);
}
