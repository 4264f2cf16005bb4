// Entry point for code that runs outside vitest (benchmarks, scripts): infrastructure resolution without the
// test-runner helpers.
export {
  resolveKafka,
  resolvePostgres,
  type ResolvedService,
  type InfrastructureSource,
} from './resolve-infrastructure.ts';
export { waitForKafka } from './wait-for-kafka.ts';
export { parseBrokerAddresses, InvalidBrokerAddressError } from './broker-addresses.ts';
