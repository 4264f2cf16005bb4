/** What a broker list that is not `host:port[,host:port]` said, so the user sees the bytes that were wrong. */
export class InvalidBrokerAddressError extends Error {
  readonly source: string;
  readonly received: string;

  constructor(source: string, received: string) {
    super(
      `${source} gave ${JSON.stringify(received)} where a Kafka broker list was expected ` +
        `(host:port, several separated by commas, e.g. 127.0.0.1:19092)`,
    );
    this.name = 'InvalidBrokerAddressError';
    this.source = source;
    this.received = received;
  }
}

// A host name or IPv4 address, or an IPv6 address in brackets; a port of 1-5 digits. Control characters (the ANSI
// sequences Maven once leaked into the script's output) and spaces never match.
// Underscores are allowed: container names such as kafka_1 are host names on a compose network.
const brokerAddress = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

/**
 * Checks a broker list read from the environment or from `deploy/local/kafka.sh up` and returns it normalised
 * (entries trimmed). Fails naming the source and exactly what it received.
 */
export function parseBrokerAddresses(text: string, source: string): string {
  const entries = text
    .trim()
    .split(',')
    .map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    const match = brokerAddress.exec(entry);
    const port = Number(match?.[1]);
    return match !== null && port >= 1 && port <= 65_535;
  });
  if (!valid) throw new InvalidBrokerAddressError(source, text);
  return entries.join(',');
}
