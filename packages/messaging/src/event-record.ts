/** Header names and values of one event. CloudEvents Kafka binding in binary mode, plus W3C trace context. */
export type EventHeaders = Readonly<Record<string, string>>;

/** An event on its way into the log. */
export interface EventRecord {
  readonly topic: string;
  /** The material node the event is about: per-key order is what the log guarantees. */
  readonly key: string;
  /** Protobuf binary of the specific event message. */
  readonly value: Uint8Array;
  readonly headers: EventHeaders;
}

/** An event read back from the log, with its place in it. */
export interface LoggedEvent extends EventRecord {
  readonly partition: number;
  /** Position within (topic, partition); strictly increasing, not necessarily dense. */
  readonly offset: bigint;
  /** When the log accepted the event. */
  readonly loggedAt: Date;
}
