/**
 * Terminal output shared by every command: colour only on a TTY (and never with NO_COLOR),
 * progress and errors on stderr, results on stdout.
 */
export interface Terminal {
  /** A result line on stdout. */
  out(line: string): void;
  /** A progress line on stderr. */
  progress(line: string): void;
  /** A warning line on stderr. */
  warn(line: string): void;
  /** An error line on stderr. */
  error(line: string): void;
  /** Wraps text in a colour when stderr is a TTY. */
  bold(text: string): string;
  /** A progress line of long work on stderr, shown only when stderr is a TTY. */
  status(line: string): void;
}

/** Whether to colour what goes to `stream`: a TTY, and neither NO_COLOR nor TERM=dumb. */
export function useColour(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

export function createTerminal(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Terminal {
  const colour = useColour(stderr);
  const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    out: (line) => stdout.write(`${line}\n`),
    progress: (line) => stderr.write(`${line}\n`),
    warn: (line) => stderr.write(`${paint(33, 'warning')} ${line}\n`),
    error: (line) => stderr.write(`${paint(31, 'error')} ${line}\n`),
    bold: (text) => paint(1, text),
    status: (line) => {
      if (stderr.isTTY) stderr.write(`${paint(2, line)}\n`);
    },
  };
}
