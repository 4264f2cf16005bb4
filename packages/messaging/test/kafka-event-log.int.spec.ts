import { testKafkaBrokers } from '@vezel/testing';
import { createKafkaEventLog } from '../src/index.ts';
import { describeEventLogContract } from './event-log-contract.ts';

describeEventLogContract(
  'kafka (@platformatic/kafka against the real broker)',
  async () => {
    const brokers = testKafkaBrokers();
    return {
      // A short session timeout so the group notices the killed consumer quickly.
      open: async () => createKafkaEventLog({ brokers, clientId: 'contract-test', sessionTimeoutMs: 6_000 }),
      childEnv: { EVENT_LOG: 'kafka', KAFKA_BROKERS: brokers.join(',') },
    };
  },
  { sharedAcrossProcesses: true, concurrentPartitions: true },
);
