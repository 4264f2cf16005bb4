/**
 * `text` safe to place in HTML. ECharts writes a tooltip formatter's string as HTML, and the names in it (centre
 * ids, fractions, outcomes) come from the chain's events, which anyone with write access to a service can choose.
 * @param {string} text
 */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
