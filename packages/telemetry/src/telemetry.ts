/** A started telemetry SDK. */
export interface Telemetry {
  /** Flushes pending spans and stops exporters and the metrics server. Safe to call more than once. */
  shutdown(): Promise<void>;
}
