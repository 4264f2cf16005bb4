import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface ExportedSpan {
  readonly scope: string;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
}

interface OtlpJson {
  resourceSpans: { scopeSpans: { scope: { name: string }; spans: Omit<ExportedSpan, 'scope'>[] }[] }[];
}

const fixture = fileURLToPath(new URL('./fixtures/traced-service.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A stand-in for the collector: accepts OTLP/HTTP JSON on loopback and keeps the spans. */
function startOtlpReceiver(spans: ExportedSpan[]): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const payload = JSON.parse(body) as OtlpJson;
      for (const { scopeSpans } of payload.resourceSpans) {
        for (const { scope, spans: exported } of scopeSpans) {
          spans.push(...exported.map((span) => ({ ...span, scope: scope.name })));
        }
      }
      response.setHeader('content-type', 'application/json').end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runFixture(otlpEndpoint: string, nodeFlags: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, fixture], {
      cwd: repoRoot,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, OTEL_SDK_DISABLED: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject).on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('a service started with --import @vezel/telemetry/register', () => {
  const spans: ExportedSpan[] = [];
  let receiver: Server;
  let endpoint: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver(spans);
    endpoint = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  it('traces express and pg although main.ts imports them before starting telemetry', async () => {
    const { code, stderr } = await runFixture(endpoint, ['--import', '@vezel/telemetry/register']);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const server = spans.find(
      (span) => span.scope === '@opentelemetry/instrumentation-http' && span.name === 'GET /batches/:id',
    );
    expect(server).toBeDefined();
    const inTrace = spans.filter((span) => span.traceId === server!.traceId);
    expect(inTrace.map((span) => span.scope)).toEqual(
      expect.arrayContaining(['@opentelemetry/instrumentation-express', '@opentelemetry/instrumentation-pg']),
    );
    expect(inTrace.find((span) => span.name === 'pg-pool.connect')?.parentSpanId).toBeDefined();
  }, 20_000);

  it('does not trace readiness probes', () => {
    expect(spans.some((span) => span.scope === '@opentelemetry/instrumentation-express')).toBe(true);
    expect(spans.filter((span) => span.name.includes('/readyz'))).toEqual([]);
  });
});
