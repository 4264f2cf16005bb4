/** A ledger answer as indented JSON for scripts (`--json`), its integers written as JSON numbers. */
export function jsonForScripts(value: unknown): string {
  return `${JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? Number(inner) : inner), 2)}\n`;
}
