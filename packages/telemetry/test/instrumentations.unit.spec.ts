import { describe, expect, it } from 'vitest';
import { locateImportInTheMiddle } from '../src/instrumentation-hooks.ts';
import { INSTRUMENTED_MODULES } from '../src/instrumented-modules.ts';
import { enableInstrumentations } from '../src/instrumentations.ts';

describe('the ESM loader hook', () => {
  it('wraps exactly the modules the instrumentations patch', () => {
    const patched = enableInstrumentations()
      .flat()
      .flatMap((instrumentation) => instrumentation.getModuleDefinitions().map((definition) => definition.name));

    expect([...new Set(patched)].sort()).toEqual([...INSTRUMENTED_MODULES].sort());
  });

  it('is the same import-in-the-middle copy that every instrumentation registers its hooks with', () => {
    const copies = [
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-pg',
      '@opentelemetry/instrumentation-grpc',
    ].map(locateImportInTheMiddle);

    expect(new Set(copies).size).toBe(1);
  });
});
