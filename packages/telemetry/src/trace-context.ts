import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanOptions,
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

/** How the span started by {@link runWithBatchTraceContext} describes the batch. */
export interface BatchSpanOptions {
  /** Usually the messaging semantic conventions: `messaging.destination.name`, `messaging.batch.message_count`, ... */
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
  return runInSpan(parent, spanName, { kind, attributes: options.attributes ?? {} }, fn);
}

/**
 * Links to the trace context each carrier holds (the message headers of a batch), one per distinct context, in
 * carrier order; a carrier without valid context adds none. Extracted by the registered propagator (W3C trace
 * context under `startTelemetry`); without an SDK there is none, and so no link.
 */
export function linksFromCarriers(carriers: Iterable<TraceCarrierSource>): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const carrier of carriers) {
    const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier, carrierGetter));
    if (spanContext === undefined || !isSpanContextValid(spanContext)) continue;
    // A batch's messages often share a context (the rows of one command, published without an SDK): link it once.
    const id = `${spanContext.traceId}-${spanContext.spanId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    links.push({ context: spanContext });
  }
  return links;
}

/**
 * Runs `fn` inside a CONSUMER span that processes a batch of messages, linked to the trace context of each
 * message's `carrier` (its headers), as the messaging semantic conventions ask of a "process" span. When the batch
 * has exactly one parent context (one message, or messages of one publish) the span is also its child, so the simple
 * case reads as one trace; with several it starts a trace of its own and the links lead to each. A thrown error
 * marks the span as failed and is rethrown. Without an SDK it simply runs `fn`.
 *
 * The SDK keeps at most `OTEL_SPAN_LINK_COUNT_LIMIT` links (128 by default) and counts the rest as dropped.
 */
export async function runWithBatchTraceContext<T>(
  carriers: Iterable<TraceCarrierSource>,
  spanName: string,
  options: BatchSpanOptions,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  const links = linksFromCarriers(carriers);
  const [only] = links;
  // Not the active context: whatever polled the log and handed over the batch is no cause of it.
  const parent =
    links.length === 1 && only !== undefined ? trace.setSpanContext(ROOT_CONTEXT, only.context) : ROOT_CONTEXT;
  return runInSpan(parent, spanName, { kind: SpanKind.CONSUMER, attributes: options.attributes ?? {}, links }, fn);
}

/** Runs `fn` in a new active span under `parent`, ending it afterwards and marking it failed when `fn` throws. */
async function runInSpan<T>(
  parent: Context,
  spanName: string,
  spanOptions: SpanOptions,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(spanName, spanOptions, parent, async (span) => {
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
