/**
 * A DOM element with attributes and children: `element('td', { class: 'grams' }, '12 kg')`. Strings become text
 * nodes, never markup, so ids and messages that come from the ledger cannot inject HTML.
 *
 * @param {string} tag
 * @param {Record<string, string | undefined>} [attributes] undefined values are left out
 * @param {...(Node | string | undefined)} children undefined children are left out
 * @returns {HTMLElement}
 */
export function element(tag, attributes = {}, ...children) {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) created.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== undefined) created.append(child);
  }
  return created;
}
