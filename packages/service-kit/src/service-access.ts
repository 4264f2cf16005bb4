import { authorizeRead, authorizeRecord, requireScope, type AccessControl, type Principal } from '@vezel/access';
import type { RecordingPrincipal } from '@vezel/messaging';
import type { CommandHolder, PreparedCommand } from './service-operations.ts';

/**
 * The checks every operation of every chain service goes through, over HTTP and gRPC alike. Without access control
 * (tests, `AUTH=disabled`) everything passes.
 */
export interface OperationAccess {
  /** Who is asking (401 when nobody or an invalid credential); undefined without access control. */
  caller(authorization: string | undefined): Promise<Principal | undefined>;
  /** A command may run when the caller may record for the holder it names (403 otherwise). */
  mayRecord<App>(caller: Principal | undefined, command: PreparedCommand<App>, application: App): Promise<void>;
  /** A query may run when the caller may read (403 otherwise). */
  mayRead(caller: Principal | undefined): void;
  /** What a query read may be answered when it belongs to a holder the caller may read (403 otherwise). */
  mayReadHolder(caller: Principal | undefined, holder: CommandHolder): Promise<void>;
}

export function operationAccess(access: AccessControl | undefined): OperationAccess {
  if (access === undefined) {
    return {
      caller: async () => undefined,
      mayRecord: async () => undefined,
      mayRead: () => undefined,
      mayReadHolder: async () => undefined,
    };
  }
  return {
    caller: (authorization) => access.authenticate(authorization),
    async mayRecord(caller, command, application) {
      if (caller === undefined) return;
      const holder = await command.holder(application);
      authorizeRecord(caller, holder, await access.ownerOf(holder));
    },
    mayRead(caller) {
      if (caller !== undefined) requireScope(caller, 'read');
    },
    async mayReadHolder(caller, holder) {
      if (caller !== undefined) authorizeRead(caller, holder, await access.ownerOf(holder));
    },
  };
}

/** Who the events of a command record as their author: the caller's partner and credential. */
export function recorderOf(caller: Principal | undefined): RecordingPrincipal | undefined {
  return caller === undefined ? undefined : { partnerId: caller.partnerId, credential: caller.credential };
}
