import { createRequire, register as registerLoaderThread } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INSTRUMENTED_MODULES } from './instrumented-modules.ts';

/** The part of `import-in-the-middle/register-hooks.mjs` we use; that package ships no types for a deep import. */
interface SyncLoaderHooks {
  supportsSyncHooks(): boolean;
  register(options: { include: string[] }): void;
}

let registered = false;

/**
 * Installs the ESM loader hook that lets OpenTelemetry instrumentations patch `import`ed modules (CommonJS
 * `require` needs no hook). Must run before the application's modules load, hence `register.ts` and `--import`.
 * Only the instrumented modules are wrapped. In-thread synchronous hooks are used where Node supports them
 * (24.11.1+), the loader thread otherwise.
 */
export async function registerInstrumentationHooks(): Promise<void> {
  if (registered) return;
  registered = true;
  const packageDir = dirname(locateImportInTheMiddle('@opentelemetry/instrumentation-http'));
  const include = [...INSTRUMENTED_MODULES];
  const syncHooks = (await import(pathToFileURL(join(packageDir, 'register-hooks.mjs')).href)) as SyncLoaderHooks;
  if (syncHooks.supportsSyncHooks()) {
    syncHooks.register({ include });
  } else {
    registerLoaderThread(pathToFileURL(join(packageDir, 'hook.mjs')), { data: { include } });
  }
}

/** Whether {@link registerInstrumentationHooks} has run in this process. */
export function instrumentationHooksRegistered(): boolean {
  return registered;
}

/**
 * Path of the `import-in-the-middle` package.json that an instrumentation package's `@opentelemetry/instrumentation`
 * uses. The hook must be that very copy: hooks registered with another copy would never fire, silently. Resolving
 * it through the instrumentation (rather than depending on it ourselves) keeps the two in step across upgrades.
 */
export function locateImportInTheMiddle(instrumentationPackage: string): string {
  const fromInstrumentation = createRequire(import.meta.resolve(instrumentationPackage));
  const base = createRequire(fromInstrumentation.resolve('@opentelemetry/instrumentation'));
  return base.resolve('import-in-the-middle/package.json');
}
