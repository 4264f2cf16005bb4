import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';

/** A NodeSDK wired like production (async-local context, W3C propagation) that keeps finished spans in memory. */
export interface InMemoryTracing {
  finishedSpans(): ReadableSpan[];
  /** The one finished span called `name`; fails the test when there is none or several. */
  span(name: string): ReadableSpan;
  reset(): void;
  shutdown(): Promise<void>;
}

export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const sdk = new NodeSDK({
    serviceName: 'telemetry-test',
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    metricReaders: [],
    logRecordProcessors: [],
    resourceDetectors: [],
  });
  sdk.start();
  return {
    finishedSpans: () => exporter.getFinishedSpans(),
    span(name) {
      const matches = exporter.getFinishedSpans().filter((span) => span.name === name);
      if (matches.length !== 1) throw new Error(`expected one finished span "${name}", found ${matches.length}`);
      return matches[0]!;
    },
    reset: () => exporter.reset(),
    shutdown: () => sdk.shutdown(),
  };
}
