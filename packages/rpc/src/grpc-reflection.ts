import { create, toBinary, type DescFile, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { Server } from '@grpc/grpc-js';
import {
  loadFileDescriptorSetFromBuffer,
  type AnyDefinition,
  type MessageTypeDefinition,
  type PackageDefinition,
} from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';

/** The services registered on each server, for reflection to describe. */
const registered = new WeakMap<Server, DescService[]>();

/** Notes that `service` is served by `server` (called by `registerGrpcService`). */
export function rememberGrpcService(server: Server, service: DescService): void {
  registered.set(server, [...(registered.get(server) ?? []), service]);
}

/**
 * Adds gRPC server reflection (v1 and v1alpha) describing every service registered on `server` with
 * `registerGrpcService`, so grpcurl, Postman and other tools list and call them without the .proto files. The
 * descriptors are the generated code's own, with their imports, handed to gRPC's reflection library.
 */
export function registerGrpcReflection(server: Server): void {
  const services = registered.get(server) ?? [];
  if (services.length === 0) return;
  const files = withImports(services.map((service) => service.file));
  const set = create(FileDescriptorSetSchema, { file: files.map((file) => file.proto) });
  const loaded = loadFileDescriptorSetFromBuffer(Buffer.from(toBinary(FileDescriptorSetSchema, set)));
  // proto-loader re-encodes the files without their `dependency` lists, and grpcurl follows those lists to fetch
  // the imports (google/protobuf/timestamp.proto): the reflection service is given the generated files as they are.
  const exact = files.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)));
  // The reflection service reads the files every entry of a package carries and keeps each file once; here they
  // would all carry the same files, so one entry carries them, sparing a decoding of every file per message type.
  const carrier = Object.values(loaded).find(isMessageDefinition);
  if (carrier === undefined) return;
  const definition: PackageDefinition = { files: { ...carrier, fileDescriptorProtos: exact } };
  new ReflectionService(definition).addToServer(server);
}

/** A message's definition (it carries the files), rather than a service's methods or an enum. */
function isMessageDefinition(entry: AnyDefinition): entry is MessageTypeDefinition<object, object> {
  return 'format' in entry && entry.format === 'Protocol Buffer 3 DescriptorProto';
}

/** The files and everything they import, each once, imports first. */
function withImports(files: readonly DescFile[]): DescFile[] {
  const ordered: DescFile[] = [];
  const seen = new Set<string>();
  const visit = (file: DescFile): void => {
    if (seen.has(file.name)) return;
    seen.add(file.name);
    file.dependencies.forEach(visit);
    ordered.push(file);
  };
  files.forEach(visit);
  return ordered;
}
