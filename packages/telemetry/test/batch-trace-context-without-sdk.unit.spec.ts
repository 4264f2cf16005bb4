import { describe, expect, it } from 'vitest';
import { linksFromCarriers, runWithBatchTraceContext } from '../src/index.ts';

// No SDK is started in this file: only @opentelemetry/api's no-op globals are in place, as in the ledger's unit
// tests, the embedded chain without OTEL_* variables, or a process run with OTEL_SDK_DISABLED=true.
const batch = [
  { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b8-01' },
];

describe('trace context of a batch without an SDK', () => {
  it('extracts no links: no propagator is registered', () => {
    expect(linksFromCarriers(batch)).toEqual([]);
  });

  it('still runs the work and returns its result', async () => {
    await expect(runWithBatchTraceContext(batch, 'process', {}, () => 42)).resolves.toBe(42);
  });

  it('still rethrows what the work throws', async () => {
    const failure = new Error('boom');

    await expect(runWithBatchTraceContext(batch, 'process', {}, () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
