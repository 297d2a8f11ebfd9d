import { Problem, ProblemError, problem } from '../common/problem';

/**
 * The process's signing key is not the key the ledger's heads are signed by (found at start-up). Its
 * message is one line for an operator: both key ids, where the key in use came from, and the way out.
 * main.ts prints it as is, without a stack trace.
 */
export class SigningKeyMismatch extends Error {
  readonly code = 'signing_key_mismatch';
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyMismatch';
  }
}

/**
 * The database refused a new head signed by this process's key: a rotation retired it while the process
 * ran. Answered 503 (the request is fine; this process is not), never a head the partners would reject.
 */
export class SigningKeyRetired extends ProblemError {
  readonly code = 'signing_key_retired';
  constructor(
    readonly keyId: string,
    readonly ledgerKeyId: string,
    readonly treeSize: number,
  ) {
    super(
      `this process signs with ${keyId}, but the ledger's signing key is now ${ledgerKeyId}: it ` +
        `signs no new ` +
        `head (tree size ${treeSize}) until it is restarted with the new key`,
    );
    this.name = 'SigningKeyRetired';
  }

  toProblem(): Problem {
    const detail = `${this.message}; another process of this ledger may answer`;
    const extra = { code: this.code, keyId: this.keyId, ledgerKeyId: this.ledgerKeyId };
    return problem(503, 'signing-key-retired', 'Signing key retired', detail, extra);
  }
}
