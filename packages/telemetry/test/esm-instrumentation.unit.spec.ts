import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startOtlpReceiver, type OtlpReceiver } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/traced-service.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

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
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());

  it('traces express and pg although main.ts imports them before starting telemetry', async () => {
    const { code, stderr } = await runFixture(receiver.endpoint, ['--import', '@vezel/telemetry/register']);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const { spans } = receiver;
    const server = spans.find(
      (span) => span.scope === '@opentelemetry/instrumentation-http' && span.name === 'GET /batches/:id',
    );
    expect(server).toMatchObject({ service: 'traced-service', kind: 'server', parentSpanId: undefined });
    expect(receiver.refused).toEqual([]);
    const inTrace = spans.filter((span) => span.traceId === server!.traceId);
    expect(inTrace.map((span) => span.scope)).toEqual(
      expect.arrayContaining(['@opentelemetry/instrumentation-express', '@opentelemetry/instrumentation-pg']),
    );
    expect(inTrace.find((span) => span.name === 'pg-pool.connect')?.parentSpanId).toBeDefined();
  }, 20_000);

  it('does not trace readiness probes', () => {
    const { spans } = receiver;
    expect(spans.some((span) => span.scope === '@opentelemetry/instrumentation-express')).toBe(true);
    expect(spans.filter((span) => span.name.includes('/readyz'))).toEqual([]);
  });
});
