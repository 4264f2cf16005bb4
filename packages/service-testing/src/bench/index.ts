// Load benchmarks of a write-side service: no vitest here, benches run on plain Node.
export { startServiceBench, type ServiceBench, type ServiceBenchOptions } from './start-service-bench.ts';
export { runLoadPhase, formatPhaseFigures, type LoadPhase, type PhaseFigures } from './run-load-phase.ts';
