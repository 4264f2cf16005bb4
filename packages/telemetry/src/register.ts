// Entry point for `node --import @vezel/telemetry/register services/<name>/src/main.ts`. ESM imports can only be
// instrumented through a loader hook, and neither the hook nor the instrumentations see modules loaded before
// them: both have to be in place before main.ts starts importing, which only --import guarantees.
import { registerInstrumentationHooks } from './instrumentation-hooks.ts';

if (process.env['OTEL_SDK_DISABLED']?.trim().toLowerCase() !== 'true') {
  await registerInstrumentationHooks();
  // Imported only now so that nothing the instrumentations load slips past the hook.
  const { enableInstrumentations } = await import('./instrumentations.ts');
  enableInstrumentations();
}
