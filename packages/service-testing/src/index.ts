// Test support for the write-side services (collection, sorting, retail, recycling): the in-process harness, event
// assertions, the process and Kafka-outage tests they share. The load bench is `@vezel/service-testing/bench`.
export {
  startServiceUnderTest,
  type ServiceUnderTest,
  type ServiceUnderTestOptions,
  type TestServiceOptions,
} from './service-under-test.ts';
export { readJsonResponse, type JsonResponse } from './json-response.ts';
export { decodeAs } from './decode-event-as.ts';
export { expectCloudEventHeaders, type ExpectedCloudEvent } from './expect-cloud-event-headers.ts';
export { startServiceMain, type LogLine, type ServiceMainProcess } from './process/start-service-main.ts';
export {
  describeServiceProcess,
  type ProcessRequest,
  type ServiceProcessSpecification,
} from './process/describe-service-process.ts';
export {
  startWithKafkaDown,
  type KafkaDownStartOptions,
  type KafkaOutage,
} from './kafka-outage/start-with-kafka-down.ts';
export { expectRejectedWithNothingWritten } from './expect-rejected.ts';
export { createOperatorApiKey } from './operator-api-key.ts';
