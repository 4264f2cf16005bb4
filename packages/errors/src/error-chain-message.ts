import { errorChain } from './error-chain.ts';

/**
 * An error's message with the reasons under it (its errorChain), joined by ': '. Repeated and empty messages are
 * left out; something not an Error is shown as a string.
 */
export function errorChainMessage(error: unknown): string {
  const messages: string[] = [];
  for (const layer of errorChain(error)) {
    if (layer.message !== '' && !messages.includes(layer.message)) messages.push(layer.message);
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}
