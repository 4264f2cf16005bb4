import type { DescMethod } from '@bufbuild/protobuf';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { VezelMetrics } from '@vezel/telemetry';

/** Ends a measured call with the status it ended with. */
export type EndGrpcCall = (code: grpcStatus) => void;

/**
 * Starts timing one gRPC call; ending it records `vezel.request.duration` under the method's full name
 * (`vezel.ledger.v1.LedgerService/GetLag`) and the status name (`OK`, `NOT_FOUND`), both a fixed set, so the
 * metric's cardinality stays bounded. Only the first end counts.
 */
export function measureGrpcCall(metrics: VezelMetrics, method: DescMethod): EndGrpcCall {
  const started = performance.now();
  let ended = false;
  return (code) => {
    if (ended) return;
    ended = true;
    metrics.recordRequestDuration((performance.now() - started) / 1000, {
      transport: 'grpc',
      operation: `${method.parent.typeName}/${method.name}`,
      status: grpcStatus[code] ?? String(code),
    });
  };
}
