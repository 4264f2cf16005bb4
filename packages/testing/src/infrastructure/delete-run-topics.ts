import { Admin } from '@platformatic/kafka';

/** Deletes the topics one test run created (`test.<runId>.*`), so a long-lived local broker does not fill up. */
export async function deleteRunTopics(brokers: string, testRunId: string): Promise<void> {
  // The client's timeout is also how long the broker may take to delete the topics.
  const admin = new Admin({ clientId: 'vezel-test-teardown', bootstrapBrokers: brokers.split(','), timeout: 30_000 });
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`test.${testRunId}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.close();
  }
}
