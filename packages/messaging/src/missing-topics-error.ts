import { UnavailableError } from '@vezel/errors';

/**
 * `ensureTopics` found topics missing that the log may not create (the operator provisions them). A class of its own,
 * not just the UnavailableError of a broker that cannot be reached, because the two call for opposite reactions at
 * start-up: the broker may come back by itself, a missing topic waits for an operator; so a host starts through the
 * first and stops on the second.
 */
export class MissingTopicsError extends UnavailableError {
  /** The topics that were asked for and do not exist. */
  readonly topics: readonly string[];

  constructor(message: string, topics: readonly string[]) {
    super(message);
    this.topics = topics;
  }
}
