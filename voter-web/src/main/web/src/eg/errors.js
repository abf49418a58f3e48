/** The errors of the ElectionGuard client code; each carries a machine reason and a sentence. @module */

/** The server's election definition is malformed, inconsistent or unsupported. */
export class ElectionError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = 'ElectionError';
    this.reason = reason;
  }
}
