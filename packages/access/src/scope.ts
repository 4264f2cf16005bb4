/**
 * What a credential may do: `read` facts and figures, `record` facts for the holders its partner owns, `admin`
 * (the operator's): record for any holder, rebuild the ledger, manage partners and keys. A credential has one or
 * more; `admin` implies the others.
 */
export const SCOPES = ['read', 'record', 'admin'] as const;

export type Scope = (typeof SCOPES)[number];

const scopes: ReadonlySet<string> = new Set(SCOPES);

export function isScope(value: string): value is Scope {
  return scopes.has(value);
}

/** Whether a credential's scopes allow `needed`. */
export function allows(granted: ReadonlySet<Scope>, needed: Scope): boolean {
  return granted.has('admin') || granted.has(needed);
}
