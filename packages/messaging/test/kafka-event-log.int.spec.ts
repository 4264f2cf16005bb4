import { testKafkaBrokers } from '@vezel/testing';
import { createKafkaEventLog, type EventLog, type KafkaEventLogOptions } from '../src/index.ts';
import { createKafkajsEventLog } from '../src/kafka/kafkajs-event-log.ts';
import { describeEventLogContract } from './event-log-contract.ts';

// The same contract for both Kafka clients behind the port, the one the services use and the one it replaced.
const clients: readonly (readonly [string, (options: KafkaEventLogOptions) => EventLog])[] = [
  ['@platformatic/kafka', createKafkaEventLog],
  ['kafkajs', createKafkajsEventLog],
];

for (const [client, create] of clients) {
  describeEventLogContract(
    `kafka (${client} against the real broker)`,
    async () => {
      const brokers = testKafkaBrokers();
      return {
        // A short session timeout so the group notices the killed consumer quickly.
        open: async () => create({ brokers, clientId: 'contract-test', sessionTimeoutMs: 6_000 }),
        childEnv: { EVENT_LOG: 'kafka', KAFKA_BROKERS: brokers.join(',') },
      };
    },
    { sharedAcrossProcesses: true, concurrentPartitions: true },
  );
}
