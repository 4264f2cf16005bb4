import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The ids a log line carries to be joined to its trace. */
export interface SpanIds {
  readonly trace_id?: string;
  readonly span_id?: string;
}

/**
 * The trace and span ids of the active span, or nothing outside a span (and without an SDK, where no span is ever
 * active). The logger's pino mixin: called for every line written.
 */
export function activeSpanIds(): SpanIds {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
