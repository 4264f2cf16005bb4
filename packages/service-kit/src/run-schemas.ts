import type { OpenApiObject } from './openapi-document.ts';
import { answerSchema, bodySchema, gramsLineFields, schemaRef, type ObjectFields } from './openapi-schemas.ts';

// A balanced run, a centre's sorting run or a processor's processing run: grams of held nodes in, new nodes out and
// the loss, so that sum(inputs) = sum(outputs) + lossGrams.

/** What a service's runs have of their own. */
export interface RunSchemaParts {
  /** The field naming who ran it: `centreId`, `processorId`. */
  readonly holder: string;
  /** The name of the command's body (`CompleteSortingRun`) and of the recorded run it answers (`SortingRun`). */
  readonly body: string;
  readonly run: string;
  /** The fields of an output line (`RunOutput`): what the runs make. */
  readonly output: ObjectFields;
  /** The body's array of `items` lines, with the service's bounds. */
  readonly lines: (items: OpenApiObject) => OpenApiObject;
  /** What the body's `inputs`, `outputs` and `lossGrams` stand for in this service. */
  readonly words: { readonly inputs: string; readonly outputs: string; readonly lossGrams: string };
}

/** The schemas of a service's runs: `RunInput` and `RunOutput` lines, the command's body and the recorded run. */
export function runSchemas(parts: RunSchemaParts): OpenApiObject {
  const { holder, lines, words } = parts;
  const required = ['runId', holder, 'inputs', 'outputs', 'lossGrams', 'completedAt'];
  return {
    RunInput: bodySchema(gramsLineFields('nodeId')),
    RunOutput: bodySchema(parts.output),
    [parts.body]: bodySchema({
      required,
      properties: {
        runId: schemaRef('Id'),
        [holder]: schemaRef('Id'),
        inputs: { ...lines(schemaRef('RunInput')), description: words.inputs },
        outputs: { ...lines(schemaRef('RunOutput')), description: words.outputs },
        lossGrams: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: words.lossGrams },
        completedAt: schemaRef('Timestamp'),
      },
    }),
    [parts.run]: answerSchema({
      required,
      properties: {
        runId: schemaRef('Id'),
        [holder]: schemaRef('Id'),
        inputs: { type: 'array', items: schemaRef('RunInput') },
        outputs: { type: 'array', items: schemaRef('RunOutput') },
        lossGrams: { type: 'integer', minimum: 0 },
        completedAt: schemaRef('Timestamp'),
      },
    }),
  };
}
