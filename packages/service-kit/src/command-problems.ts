import type { ProblemResponseName } from './openapi-document.ts';

/** What every command of every chain service says about repeating it, for its OpenAPI description. */
export const COMMAND_IDEMPOTENCY =
  'The command carries its own id: repeating it with the same id and body changes nothing and answers 200 with the ' +
  'original result; the same id with another body is a 409.';

/** The problems a command that records a new fact (a container, a receipt) can answer: it moves no held grams. */
export const RECORD_COMMAND_PROBLEMS: readonly ProblemResponseName[] = [
  'InvalidInput',
  'Conflict',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'Unavailable',
];

/** The problems a command that moves grams can answer: everything but success. */
export const GRAMS_COMMAND_PROBLEMS: readonly ProblemResponseName[] = [
  'InvalidInput',
  'NotFound',
  'Conflict',
  'MassNotConserved',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'Unavailable',
];
