/** A server's certificate chain and private key, PEM, as read from `TLS_CERT_FILE` and `TLS_KEY_FILE`. */
export interface TlsCertificate {
  readonly cert: Buffer;
  readonly key: Buffer;
}
