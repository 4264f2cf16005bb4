import { Kafka, logLevel } from 'kafkajs';

/** Deletes the topics one test run created (`test.<runId>.*`), so a long-lived local broker does not fill up. */
export async function deleteRunTopics(brokers: string, testRunId: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'vezel-test-teardown',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`test.${testRunId}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}
