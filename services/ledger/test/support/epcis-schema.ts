import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * GS1's own EPCIS 2.0 JSON Schema (shipped in `epcis/`), compiled once for a test: `validate` a document or an
 * event, and `errorsText` says why the last one failed.
 */
export function epcisSchemaValidator(): {
  readonly validate: (document: unknown) => boolean;
  readonly errorsText: (separator?: string) => string;
} {
  const schema = JSON.parse(
    readFileSync(new URL('../../epcis/EPCIS-JSON-Schema.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const compiled = ajv.compile(schema);
  return {
    validate: (document) => compiled(document),
    errorsText: (separator) => ajv.errorsText(compiled.errors, separator === undefined ? {} : { separator }),
  };
}
