import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { status as grpcStatus, type sendUnaryData, type Server, type ServerUnaryCall } from '@grpc/grpc-js';
import { registeredGrpcServiceNames } from './register-grpc-service.ts';

/** Switches what the standard health service reports; used to drain a server before it shuts down. */
export interface GrpcHealth {
  /** Every service (and the server as a whole, `""`) reports NOT_SERVING from now on. */
  markNotServing(): void;
}

// grpc.health.v1.HealthCheckResponse.ServingStatus
const SERVING = 1;
const NOT_SERVING = 2;

/**
 * Adds `grpc.health.v1.Health/Check` (what Kubernetes gRPC probes and grpc_health_probe call). The two messages
 * have one field each, so they are encoded by hand instead of generating code for them; `Watch` is left
 * UNIMPLEMENTED, which the health protocol allows clients to expect.
 *
 * The server as a whole is `""`; any service registered with `registerGrpcService` is known by its full name;
 * other names get NOT_FOUND, as the protocol asks.
 */
export function registerGrpcHealthService(server: Server): GrpcHealth {
  let serving = true;
  const check = (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void => {
    let service: string;
    try {
      service = readServiceName(call.request);
    } catch {
      callback({ code: grpcStatus.INVALID_ARGUMENT, details: 'not a valid grpc.health.v1.HealthCheckRequest' });
      return;
    }
    if (service !== '' && !registeredGrpcServiceNames(server).has(service)) {
      callback({ code: grpcStatus.NOT_FOUND, details: `unknown service ${service}` });
      return;
    }
    const bytes = new BinaryWriter()
      .tag(1, WireType.Varint)
      .int32(serving ? SERVING : NOT_SERVING)
      .finish();
    callback(null, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  server.addService(
    {
      check: {
        path: '/grpc.health.v1.Health/Check',
        requestStream: false,
        responseStream: false,
        requestSerialize: passBytes,
        requestDeserialize: passBytes,
        responseSerialize: passBytes,
        responseDeserialize: passBytes,
      },
    },
    { check },
  );
  return {
    markNotServing() {
      serving = false;
    },
  };
}

/** `HealthCheckRequest { string service = 1; }` */
function readServiceName(bytes: Uint8Array): string {
  const reader = new BinaryReader(bytes);
  let service = '';
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === 1 && wireType === WireType.LengthDelimited) service = reader.string();
    else reader.skip(wireType, fieldNo);
  }
  return service;
}

function passBytes(bytes: Buffer): Buffer {
  return bytes;
}
