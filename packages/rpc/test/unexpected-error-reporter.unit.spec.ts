import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const apiKey = 'vzk_01JREPORTERKEY_NotForTheLogs';

// A process of its own, as a service is: its stderr is the reporter's real destination, and telemetry is started the
// way a service starts it, so a span is active while the error is reported.
const script = `
import { reportUnexpectedErrorToStderr } from '@vezel/rpc';
import { runWithTraceContext, startTelemetry } from '@vezel/telemetry';

const telemetry = await startTelemetry({ serviceName: 'collection' });
const error = Object.assign(new Error('pool exhausted', { cause: new Error('too many clients') }), {
  code: '53300',
  request: { headers: { authorization: 'Bearer ${apiKey}' } },
});
const carrier = { traceparent: '00-${traceId}-00f067aa0ba902b7-01' };
await runWithTraceContext(carrier, 'handle', { kind: 'consumer' }, async () => {
  const context = { transport: 'http', operation: 'POST /v1/collection/batches', service: 'collection' };
  reportUnexpectedErrorToStderr(error, context);
});
reportUnexpectedErrorToStderr('a string thrown', { transport: 'grpc', operation: '/vezel.v1.Sorting/RecordRun' });
await telemetry.shutdown();
`;

function runScript(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', '@vezel/telemetry/register', '--input-type=module', '--eval', script],
      // LOG_LEVEL=silent would silence a service's logger; the reporter must still write.
      {
        cwd: repoRoot,
        env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject).on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('reportUnexpectedErrorToStderr', () => {
  it('writes one service log line per error on stderr, with the trace ids and without credentials', async () => {
    const { code, stdout, stderr } = await runScript();

    expect(code, stderr).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).not.toContain(apiKey);
    const lines = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const [reported, thrownString] = lines;
    expect(reported).toMatchObject({
      level: 'error',
      service: 'collection',
      msg: 'unexpected error',
      transport: 'http',
      operation: 'POST /v1/collection/batches',
      trace_id: traceId,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
      error: {
        name: 'Error',
        message: 'pool exhausted',
        code: '53300',
        cause: { message: 'too many clients' },
        request: { headers: { authorization: '[Redacted]' } },
      },
    });
    expect((reported!['error'] as { stack: string }).stack).toContain('pool exhausted');
    expect(new Date(reported!['time'] as string).toISOString()).toBe(reported!['time']);
    expect(thrownString).toMatchObject({
      level: 'error',
      service: 'unknown',
      transport: 'grpc',
      error: 'a string thrown',
    });
    expect(thrownString).not.toHaveProperty('trace_id');
  });
});
