import type { Server } from '@grpc/grpc-js';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { AccessControl, StoredApiKey } from '@vezel/access';
import { AccessService } from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import { registerGrpcService, type UnexpectedErrorReporter } from '@vezel/rpc';
import * as administration from './access-administration.ts';
import { grpcCallerScope } from './caller-scope.ts';

/** `vezel.access.v1.AccessService`: the administration of who may call, over gRPC, for the operator's admin key. */
export function registerAccessAdminGrpc(
  server: Server,
  access: AccessControl,
  options: { readonly reportUnexpectedError?: UnexpectedErrorReporter } = {},
): void {
  const { directory } = access;
  registerGrpcService(
    server,
    AccessService,
    {
      async savePartner(request) {
        if (request.partner === undefined) throw new InvalidInputError('is required', { field: 'partner' });
        const { partnerId, kind, name } = request.partner;
        return { partner: await administration.savePartner(directory, { partnerId, kind, name }) };
      },
      async listPartners() {
        const partners = await administration.listPartners(directory);
        return { partners: partners.map((partner) => ({ ...partner, holders: [...partner.holders] })) };
      },
      async assignHolder(request) {
        if (request.holder === undefined) throw new InvalidInputError('is required', { field: 'holder' });
        await administration.assignHolder(directory, {
          partnerId: request.partnerId,
          kind: request.holder.kind,
          id: request.holder.id,
        });
        return {};
      },
      async createApiKey(request) {
        const { key, token } = await administration.createPartnerApiKey(directory, {
          partnerId: request.partnerId,
          scope: request.scope,
          label: request.label,
          ...(request.expiresAt === undefined ? {} : { expiresAt: timestampDate(request.expiresAt) }),
        });
        return { key: keyProto(key), token };
      },
      async listApiKeys(request) {
        const keys = await administration.listApiKeys(
          directory,
          request.partnerId === '' ? undefined : request.partnerId,
        );
        return { keys: keys.map(keyProto) };
      },
      async revokeApiKey(request) {
        return { key: keyProto(await administration.revokeApiKey(directory, request.keyId)) };
      },
    },
    {
      beforeEachCall: grpcCallerScope(access, 'admin')!,
      ...(options.reportUnexpectedError === undefined ? {} : { reportUnexpectedError: options.reportUnexpectedError }),
    },
  );
}

function keyProto(key: StoredApiKey) {
  return {
    keyId: key.keyId,
    partnerId: key.partnerId,
    scope: key.scopes.join(' '),
    label: key.label,
    createdAt: timestampFromDate(key.createdAt),
    ...(key.expiresAt === undefined ? {} : { expiresAt: timestampFromDate(key.expiresAt) }),
    ...(key.revokedAt === undefined ? {} : { revokedAt: timestampFromDate(key.revokedAt) }),
  };
}
