import type { DescService } from '@bufbuild/protobuf';
import { GRAMS_COMMAND_PROBLEMS, RECORD_COMMAND_PROBLEMS } from './command-problems.ts';
import type { ProblemResponseName } from './openapi-document.ts';
import type {
  CommandDeclaration,
  CommandHolder,
  MethodName,
  OperationDeclarations,
  RecordedEventOf,
  ResponseOf,
} from './service-operations.ts';

/** A fact whose id is its field `P` (`saleId`). */
export type IdNamedBy<P extends string> = Readonly<Record<P, string>>;

/** The fields of a gRPC answer that can carry the event a command answers with. */
type FieldCarrying<Answer, Event> = {
  [F in keyof Answer]-?: [Event] extends [Answer[F]] ? F : never;
}[keyof Answer] &
  string;

/** How a {@link FactCommandDeclaration} reads its fact back: what the query says beyond what it shares. */
export interface FactReadBack<App, S extends DescService, K extends MethodName<S>, Q extends string, Fact> {
  /** The query's operation id and, where the gRPC contract has it, its method (`getSale`). */
  readonly id: Q;
  readonly summary: string;
  /** The answer in words; by default the command's `resultName`. */
  readonly resultName?: string;
  readonly read: (application: App, factId: string) => Promise<Fact>;
  /**
   * The gRPC answer's field carrying the fact as the event the command answered with (`sale`); absent for a query the
   * gRPC contract does not have.
   */
  readonly protoField?: Q extends MethodName<S> ? FieldCarrying<ResponseOf<S, Q>, RecordedEventOf<S, K>> : never;
}

/**
 * A command that records a fact, declared with the query that reads the fact back. Both name the fact's schema, its
 * holder and its JSON, so those are said once: the command is `POST /<collection>` and answers with the fact's
 * location `/<collection>/<id>`, where the query reads it (`GET /<collection>/:<parameter>`).
 */
export interface FactCommandDeclaration<
  App,
  S extends DescService,
  K extends MethodName<S>,
  Q extends string,
  P extends string,
  Input,
  Fact extends IdNamedBy<P>,
> extends Omit<CommandDeclaration<App, S, K, Input, Fact>, 'path' | 'problems' | 'holder' | 'location'> {
  /** `sales`: the command is `POST /sales`, the fact is read at `/sales/:<parameter>`. */
  readonly collection: string;
  /** `saleId`: the fact's id, the query's path parameter and, over gRPC, its request field. */
  readonly parameter: P;
  /** By default {@link GRAMS_COMMAND_PROBLEMS}: most facts move grams. */
  readonly problems?: readonly ProblemResponseName[];
  /** Whose the fact is: the command's input names the same holder as the fact it records. */
  readonly holder: (subject: NoInfer<Input | Fact>) => CommandHolder;
  readonly readBack: FactReadBack<App, S, K, Q, Fact>;
}

/** An application that reads its holders' receipts back by their ids, as every holder's application does. */
export interface ReadsReceipts<Receipt extends IdNamedBy<'receiptId'>> {
  getReceipt(receiptId: string): Promise<Receipt>;
}

/** The receipt an application reads back; `never` for one that records no receipts. */
export type ReceiptOf<App> = App extends ReadsReceipts<infer Receipt> ? Receipt : never;

/**
 * A holder's receipt (a centre's, a store's, a processor's): the grams it received. Every holder records and reads
 * receipts alike, at `/receipts`, read back with its application's `getReceipt`, so only what differs is declared.
 */
export type ReceiptDeclaration<
  App,
  S extends DescService,
  K extends MethodName<S>,
  Q extends string,
  Input,
  Receipt extends IdNamedBy<'receiptId'>,
> = Omit<
  FactCommandDeclaration<App, S, K, Q, 'receiptId', Input, Receipt>,
  'collection' | 'parameter' | 'result' | 'resultName' | 'problems' | 'readBack'
> & { readonly readBack: Omit<FactReadBack<App, S, K, Q, Receipt>, 'summary' | 'resultName' | 'read'> };

/**
 * The `factCommand` and `receipt` helpers of a service, made of its `command` and `factQuery`: a fact command is the
 * two of them, sharing what they say about the fact.
 */
export function factCommandDeclarations<App, S extends DescService>(
  helpers: Pick<OperationDeclarations<App, S>, 'command' | 'factQuery'>,
): Pick<OperationDeclarations<App, S>, 'factCommand' | 'receipt'> {
  const { command, factQuery } = helpers;
  const factCommand: OperationDeclarations<App, S>['factCommand'] = (declaration) => {
    const { collection, parameter, problems = GRAMS_COMMAND_PROBLEMS, holder, readBack, ...recording } = declaration;
    const { protoField, resultName = recording.resultName, ...reading } = readBack;
    return [
      command({
        ...recording,
        path: `/${collection}`,
        problems,
        holder,
        location: (fact) => factLocation(collection, fact[parameter]),
      }),
      factQuery({
        ...reading,
        collection,
        parameter,
        result: recording.result,
        resultName,
        holder,
        toJson: recording.toJson,
        // The field's type was checked where it was declared: it carries what toEvent makes.
        ...(protoField === undefined ? {} : { toProto: answerCarrying(protoField, recording.toEvent) as never }),
      }),
    ];
  };
  return {
    factCommand,
    receipt: (declaration) =>
      factCommand({
        ...declaration,
        collection: 'receipts',
        parameter: 'receiptId',
        result: 'Receipt',
        resultName: 'The receipt',
        problems: RECORD_COMMAND_PROBLEMS,
        readBack: {
          summary: 'Read a receipt',
          // ReceiptOf<App>, the declaration's receipt, is never unless the application reads receipts.
          read: (application, receiptId) => (application as ReadsReceipts<ReceiptOf<App>>).getReceipt(receiptId),
          ...declaration.readBack,
        },
      }),
  };
}

/** A query's gRPC answer carrying the fact in `field`, as the event its command answered with. */
function answerCarrying<Fact>(field: string, toEvent: (fact: Fact) => unknown): (fact: Fact) => unknown {
  return (fact) => ({ [field]: toEvent(fact) });
}

/** Where a recorded fact is read, under the service's base: `/sales/SALE-1`. */
export function factLocation(collection: string, factId: string): string {
  return `/${collection}/${encodeURIComponent(factId)}`;
}
