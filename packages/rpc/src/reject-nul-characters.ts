import { InvalidInputError } from '@vezel/errors';

/**
 * Rejects a decoded request holding U+0000 in any string, naming the field (`outputs[1].lotId`). PostgreSQL text
 * and jsonb cannot store it, so without this it would surface as an internal error deep in a command; HTTP bodies
 * get the same rule from `readJson`.
 */
export function rejectNulCharacters(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw new InvalidInputError('must not contain the NUL character (U+0000)', { field: path || 'request' });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => rejectNulCharacters(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const [key, field] of Object.entries(value)) {
      if (key === '$typeName') continue;
      rejectNulCharacters(field, path === '' ? key : `${path}.${key}`);
    }
  }
}
