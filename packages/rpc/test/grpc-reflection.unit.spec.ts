import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { askReflection, reflectionClient, type ReflectionClient } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGrpcService, startGrpcServer, type StartedGrpcServer } from '../src/index.ts';
import { anEchoServiceImplementation, noObservations } from './echo-service-implementation.ts';
import { EchoService } from './gen/vezel/rpctest/v1/echo_pb.js';

describe('gRPC server reflection', () => {
  let server: StartedGrpcServer;
  let client: ReflectionClient;

  beforeAll(async () => {
    server = await startGrpcServer({
      port: 0,
      register: (grpcServer) =>
        registerGrpcService(grpcServer, EchoService, anEchoServiceImplementation(noObservations())),
    });
    client = reflectionClient(server.address);
  });

  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('lists the registered services, so tools can call them without the .proto files', async () => {
    const [answer] = await askReflection(client, [{ list_services: '' }]);
    const names = answer?.list_services_response?.service.map((service) => service.name) ?? [];
    expect(names).toContain(EchoService.typeName);
  });

  it("describes a service's file with its methods", async () => {
    const [answer] = await askReflection(client, [{ file_containing_symbol: EchoService.typeName }]);
    const files = (answer?.file_descriptor_response?.file_descriptor_proto ?? []).map((bytes) =>
      fromBinary(FileDescriptorProtoSchema, bytes),
    );
    const echoFile = files.find((file) => file.name === EchoService.file.proto.name);
    const described = echoFile?.service.find(
      (service) => `${echoFile.package}.${service.name}` === EchoService.typeName,
    );
    expect(described?.method.map((method) => method.name).sort()).toEqual(
      EchoService.methods.map((method) => method.name).sort(),
    );
  });

  it('answers NOT_FOUND for a symbol no registered service has', async () => {
    const [answer] = await askReflection(client, [{ file_containing_symbol: 'vezel.nowhere.v1.NoService' }]);
    expect(answer?.error_response?.error_code).toBe(5);
  });

  it('is left out when the server is told so', async () => {
    const bare = await startGrpcServer({
      port: 0,
      reflection: false,
      register: (grpcServer) =>
        registerGrpcService(grpcServer, EchoService, anEchoServiceImplementation(noObservations())),
    });
    const bareClient = reflectionClient(bare.address);
    try {
      await expect(askReflection(bareClient, [{ list_services: '' }])).rejects.toMatchObject({ code: 12 });
    } finally {
      bareClient.close();
      await bare.close();
    }
  });
});
