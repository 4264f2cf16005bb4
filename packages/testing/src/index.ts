export {
  createTestDatabase,
  testKafkaBrokers,
  testKafkaSaslBrokers,
  testKafkaSaslSsl,
  uniqueTopicName,
  uniqueGroupId,
} from './infrastructure/test-infrastructure.ts';
export {
  resolveKafka,
  resolvePostgres,
  type ResolvedService,
  type InfrastructureSource,
} from './infrastructure/resolve-infrastructure.ts';
export { waitForKafka } from './infrastructure/wait-for-kafka.ts';
export { consumerGroupAssignment } from './infrastructure/consumer-group-assignment.ts';
export { deciderSpecification, type Decider, type ThenExpectation } from './decider/decider-specification.ts';
export { eventually } from './condition.ts';
export { killWhenItSays } from './process/kill-when-it-says.ts';
export { runScriptToEnd, runToEnd, type ScriptRun } from './process/run-script-to-end.ts';
export { launchHeadlessChromium, type Browser, type Page } from './browser/headless-chromium.ts';
export {
  startWebhookReceiver,
  type WebhookReceiver,
  type ReceivedWebhook,
  type ReceiverAnswer,
} from './http/webhook-receiver.ts';
export {
  askReflection,
  reflectionClient,
  type ReflectionClient,
  type ReflectionRequest,
  type ReflectionResponse,
} from './grpc/grpc-reflection-client.ts';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp/otlp-receiver.ts';
export { recordingEnvironment } from './environment/recording-environment.ts';
export { freeLoopbackPort } from './net/free-loopback-port.ts';
export { prometheusTestEnvironment, type PrometheusTestEnvironment } from './telemetry/prometheus-test-environment.ts';
