import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { credentials, loadPackageDefinition, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** What a reflection client sends and gets, as proto-loader maps the messages (field names as in the .proto). */
export interface ReflectionRequest {
  readonly list_services?: string;
  readonly file_containing_symbol?: string;
}
export interface ReflectionResponse {
  readonly list_services_response?: { readonly service: readonly { readonly name: string }[] };
  readonly file_descriptor_response?: { readonly file_descriptor_proto: readonly Buffer[] };
  readonly error_response?: { readonly error_code: number; readonly error_message: string };
}
type ReflectionStream = ClientDuplexStream<ReflectionRequest, ReflectionResponse>;
export type ReflectionClient = Client & { ServerReflectionInfo(): ReflectionStream };

/** A client of the v1 reflection service, built from the .proto that gRPC's own reflection package ships. */
export function reflectionClient(address: string): ReflectionClient {
  const protoRoot = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '..', 'proto');
  const definition = loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [protoRoot], keepCase: true });
  const loaded = loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: unknown) => ReflectionClient } } };
  };
  return new loaded.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
}

/** Sends the requests over one reflection stream and collects an answer to each. */
export async function askReflection(
  client: ReflectionClient,
  requests: readonly ReflectionRequest[],
): Promise<ReflectionResponse[]> {
  const stream = client.ServerReflectionInfo();
  const answers: ReflectionResponse[] = [];
  const done = new Promise<void>((resolve, reject) => {
    stream.on('data', (answer: ReflectionResponse) => {
      answers.push(answer);
      if (answers.length === requests.length) stream.end();
    });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  for (const request of requests) stream.write(request);
  await done;
  return answers;
}
