/** Values the integration global set-up hands to every test file (vitest `provide` / `inject`). */
export interface ProvidedInfrastructure {
  /** Comma-separated Kafka bootstrap servers. */
  kafkaBrokers: string;
  /** The same broker's SASL listener (SCRAM-SHA-512 and PLAIN, user `vezel`), '' when the run has none. */
  kafkaSaslBrokers: string;
  /** The same broker's SASL_SSL listener (TLS, then the same SASL users), '' when the run has none. */
  kafkaSaslSslBrokers: string;
  /** The PEM file of the certificate authority that signed the SASL_SSL listener's certificate ('' without one). */
  kafkaSaslSslCaFile: string;
  /** A PostgreSQL URL with the right to create databases. */
  adminDatabaseUrl: string;
  /** Unique per test run; prefixes databases and topics so runs never see each other's data. */
  testRunId: string;
}

declare module 'vitest' {
  // Declaration merging is how vitest types `inject`; an interface is required here.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface ProvidedContext extends ProvidedInfrastructure {}
}
