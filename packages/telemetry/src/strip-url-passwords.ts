// `scheme://user:password@`: the user part stops at the first `:`, the password at the `@`; neither crosses a space or
// a `/`, `?`, `#` (a raw one is not allowed there), so `http://host:8080/a@b` is left alone.
const credentialsInUrl = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*):[^\s@/?#]*@/gi;

/**
 * `text` with the password of every URL in it replaced by `***` (`postgres://vezel:***@db:5432/vezel`), so a
 * DATABASE_URL-like string, or an error message quoting one, can be logged. Text without `://` is returned as it is.
 */
export function stripUrlPasswords(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(credentialsInUrl, '$1:***@');
}
