import ipaddr from 'ipaddr.js';
import { InvalidInputError } from '@vezel/errors';

/** Where webhooks may go: the operator's choice (`WEBHOOK_ALLOWED_NETWORKS`, `WEBHOOK_ALLOW_LOOPBACK_HTTP`). */
export interface WebhookTargetRules {
  /** Plain `http` to a loopback address (local development and tests); everything else must be `https`. */
  readonly allowLoopbackHttp: boolean;
  /**
   * Private or reserved addresses (CIDRs or single addresses) a webhook may nevertheless reach: a partner's
   * receiver inside the operator's own network. Everything else non-public is refused, so a registered URL cannot
   * make the ledger call the cloud's metadata service or an internal admin port (SSRF).
   */
  readonly allowedNetworks: readonly string[];
}

export const DEFAULT_WEBHOOK_TARGET_RULES: WebhookTargetRules = { allowLoopbackHttp: false, allowedNetworks: [] };

/**
 * IPv6 ranges the address library counts as public that can reach IPv4 or site-internal hosts (deprecated
 * site-local, IPv4-compatible, NAT64 prefixes): refused like private ones, at registration and at connect.
 */
export const REFUSED_NETWORKS: readonly string[] = ['fec0::/10', '::/96', '64:ff9b::/96', '64:ff9b:1::/48'];

/**
 * The URL a partner registers, checked: `https` (or loopback `http` where allowed), no credentials in it, and not
 * an address literal outside the public internet unless the operator allowed its network. Names are checked again
 * when they are resolved, at every connection (a name may resolve to a private address later).
 */
export function requireWebhookTarget(text: string, rules: WebhookTargetRules, field: string): URL {
  const refuse = (why: string): never => {
    throw new InvalidInputError(`${why}, got ${JSON.stringify(text)}`, { field });
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('must be an absolute https URL');
  }
  if (url.username !== '' || url.password !== '') refuse('must not carry credentials (sign with the secret instead)');
  if (url.hash !== '') refuse('must not have a fragment');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const loopback = host === 'localhost' || (ipaddr.isValid(host) && ipaddr.parse(host).range() === 'loopback');
  if (url.protocol === 'http:' && !(loopback && rules.allowLoopbackHttp)) refuse('must be an https URL');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('must be an https URL');
  if (loopback && rules.allowLoopbackHttp) return url;
  if (host === 'localhost' || (ipaddr.isValid(host) && !isPublicOrAllowed(host, rules.allowedNetworks))) {
    refuse('must not name a private, loopback or reserved address unless the operator allows its network');
  }
  return url;
}

/** Whether an address is public unicast, or in one of the allowed networks. */
export function isPublicOrAllowed(address: string, allowedNetworks: readonly string[]): boolean {
  const parsed = ipaddr.process(address);
  const inNetwork = (network: string): boolean => {
    const [range, bits] = network.includes('/') ? ipaddr.parseCIDR(network) : [ipaddr.process(network), -1];
    if (range.kind() !== parsed.kind()) return false;
    return bits < 0 ? range.toString() === parsed.toString() : parsed.match(range, bits);
  };
  if (allowedNetworks.some(inNetwork)) return true;
  return parsed.range() === 'unicast' && !REFUSED_NETWORKS.some(inNetwork);
}

/** A network list from settings, each entry checked (an address or a CIDR). */
export function requireNetworks(entries: readonly string[], setting: string): readonly string[] {
  for (const entry of entries) {
    const valid = entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry);
    if (!valid) throw new Error(`${setting} must list IP addresses or CIDRs, got "${entry}"`);
  }
  return entries;
}
