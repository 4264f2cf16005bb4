import type { EpcisQuery } from '../domain/index.ts';

/** A partner's saved EPCIS query (`POST /v1/epcis/queries`): subscribable and runnable by name. */
export interface NamedEpcisQuery {
  readonly partnerId: string;
  readonly name: string;
  readonly query: EpcisQuery;
  /** The parameters as given, for showing back. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
}

export interface EpcisQueryStore {
  /** False when the partner already has a query of that name, or as many queries as it may keep. */
  create(query: NamedEpcisQuery): Promise<boolean>;
  find(partnerId: string, name: string): Promise<NamedEpcisQuery | undefined>;
  list(partnerId: string): Promise<readonly NamedEpcisQuery[]>;
  remove(partnerId: string, name: string): Promise<boolean>;
}
