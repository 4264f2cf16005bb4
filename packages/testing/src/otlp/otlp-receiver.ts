import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** The kind of a span, as OTLP numbers them (0 to 5). */
export type ReceivedSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** An attribute value as received: OTLP's 64-bit integers arrive as numbers or decimal strings. */
export type ReceivedAttributeValue = string | number | boolean | readonly ReceivedAttributeValue[] | undefined;

/** One span an OTLP/HTTP exporter sent, flattened for assertions. */
export interface ReceivedSpan {
  /** `service.name` of the resource that sent it: which process. */
  readonly service: string;
  /** The instrumentation scope, e.g. `@opentelemetry/instrumentation-pg` or `@vezel/telemetry`. */
  readonly scope: string;
  readonly name: string;
  readonly kind: ReceivedSpanKind;
  /** Lower-case hex, as the W3C `traceparent` writes them. */
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined for a root span. */
  readonly parentSpanId: string | undefined;
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  readonly attributes: Readonly<Record<string, ReceivedAttributeValue>>;
  readonly status: 'unset' | 'ok' | 'error';
}

/** A loopback stand-in for an OpenTelemetry collector. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: give it as `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporter appends `/v1/traces`). */
  readonly endpoint: string;
  /** Every span received so far, in arrival order. */
  readonly spans: readonly ReceivedSpan[];
  /** Requests it could not read (not JSON, not `/v1/traces`), to say why no span arrived. */
  readonly refused: readonly string[];
  close(): Promise<void>;
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: OtlpKeyValue[];
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number };
}

interface OtlpTraceRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[];
  }[];
}

const kinds: readonly ReceivedSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const statuses = ['unset', 'ok', 'error'] as const;

/**
 * Accepts OTLP/HTTP JSON trace exports (what `@opentelemetry/exporter-trace-otlp-http` sends, gzipped or not) on
 * loopback and keeps the spans, so a test can follow a trace across the processes it starts: an in-memory exporter
 * sees only its own process's spans.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const refused: string[] = [];
  const refuse = (response: ServerResponse, status: number, why: string): void => {
    refused.push(why);
    response.writeHead(status, { 'content-type': 'text/plain' }).end(why);
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        refuse(response, 404, `${request.method} ${request.url}: only POST /v1/traces is received`);
        return;
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        refuse(response, 415, `content-type ${request.headers['content-type']}: only OTLP/HTTP JSON is read`);
        return;
      }
      try {
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        spans.push(...readSpans(JSON.parse(body.toString('utf8')) as OtlpTraceRequest));
      } catch (error) {
        refuse(response, 400, `unreadable export: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    refused,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readSpans(payload: OtlpTraceRequest): ReceivedSpan[] {
  const read: ReceivedSpan[] = [];
  for (const { resource, scopeSpans } of payload.resourceSpans ?? []) {
    const service = String(attributesOf(resource?.attributes)['service.name'] ?? '');
    for (const { scope, spans } of scopeSpans ?? []) {
      for (const span of spans ?? []) {
        read.push({
          service,
          scope: scope?.name ?? '',
          name: span.name,
          kind: kinds[span.kind ?? 0] ?? 'unspecified',
          traceId: span.traceId,
          spanId: span.spanId,
          // Absent or empty, depending on the exporter, for a root.
          parentSpanId: span.parentSpanId || undefined,
          links: (span.links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
          attributes: attributesOf(span.attributes),
          status: statuses[span.status?.code ?? 0] ?? 'unset',
        });
      }
    }
  }
  return read;
}

function attributesOf(keyValues: readonly OtlpKeyValue[] | undefined): Record<string, ReceivedAttributeValue> {
  return Object.fromEntries((keyValues ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpAnyValue | undefined): ReceivedAttributeValue {
  if (value === undefined) return undefined;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return value.stringValue ?? value.boolValue ?? value.intValue ?? value.doubleValue;
}
