import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';

const TRACER_NAME = '@vezel/telemetry';

/** W3C trace context (`traceparent`, `tracestate`, `baggage`) as plain strings: what an outbox row stores as JSON. */
export type TraceCarrier = Record<string, string>;

/**
 * Anything trace context can be read back from: a stored {@link TraceCarrier}, HTTP headers, or Kafka message
 * headers, whose values arrive as `Buffer`s.
 */
export type TraceCarrierSource = Readonly<
  Record<string, string | Uint8Array | readonly (string | Uint8Array)[] | undefined>
>;

/** How the span started by {@link runWithTraceContext} relates to the messaging system. */
export interface MessagingSpanOptions {
  /** `producer` when publishing (the outbox relay), `consumer` when applying (the ledger). */
  readonly kind: 'producer' | 'consumer';
  /** Usually the messaging semantic conventions: `messaging.system`, `messaging.destination.name`, ... */
  readonly attributes?: Attributes;
}

/**
 * The active trace context, to be stored in an outbox row in the same transaction as the state change, so the
 * later publish continues the request's trace. Empty when there is no active span or no SDK is running.
 */
export function captureTraceContext(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Writes the active trace context (`traceparent`, ...) into message headers and returns them. Call it inside the
 * producer span so consumers become its children.
 */
export function injectTraceContext<H extends Record<string, unknown>>(headers: H): H {
  propagation.inject(context.active(), headers);
  return headers;
}

/**
 * Runs `fn` inside a new span that continues the trace stored in `carrier` (its parent is the span that was active
 * when the carrier was captured or injected). A carrier without trace context makes the span a child of whatever
 * is active, or a new root. A thrown error marks the span as failed and is rethrown. Without an SDK it simply
 * runs `fn`.
 */
export async function runWithTraceContext<T>(
  carrier: TraceCarrierSource,
  spanName: string,
  options: MessagingSpanOptions,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  const parent = propagation.extract(context.active(), carrier, carrierGetter);
  const kind = options.kind === 'producer' ? SpanKind.PRODUCER : SpanKind.CONSUMER;
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(spanName, { kind, attributes: options.attributes ?? {} }, parent, async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    });
}

const utf8 = new TextDecoder();

const carrierGetter: TextMapGetter<TraceCarrierSource> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = value === undefined || typeof value === 'string' || value instanceof Uint8Array ? value : value[0];
    return first === undefined || typeof first === 'string' ? first : utf8.decode(first);
  },
};
