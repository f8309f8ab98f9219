/** A mistake in how a command was called (bad flag value, unknown stack): exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command failure with its own exit code (`vks-bigip diff` ends every error with 2). */
export class CommandError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
    public readonly original?: unknown,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
