/**
 * Every module an instrumentation in `createInstrumentations` patches. The ESM loader hook wraps only these, so
 * start-up does not pay for wrapping every module the services import; a unit test keeps the list in step with
 * the instrumentations.
 */
export const INSTRUMENTED_MODULES: readonly string[] = ['http', 'https', 'express', 'pg', 'pg-pool', '@grpc/grpc-js'];
