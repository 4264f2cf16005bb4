import type { DescMethod } from '@bufbuild/protobuf';

/** The HTTP/2 path gRPC routes a call by: `/package.Service/Method`, using the proto (not the local) names. */
export function grpcMethodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}
