/**
 * Removes credentials and tokens from text that may reach an error, a result or a log line — including
 * whatever a device echoes back (request bodies, headers, URLs). Each secret is removed in the forms it
 * travels in: as is, JSON-escaped, URL-encoded, and (for the password) inside a basic-auth header.
 */

const MASK = '***';

export class Redactor {
  private readonly forms = new Set<string>();
  private ordered: string[] = [];

  /** Registers a secret: the password, a token, … Empty values are ignored. */
  add(secret: string | undefined): void {
    if (!secret) return;
    const before = this.forms.size;
    for (const form of formsOf(secret)) if (form) this.forms.add(form);
    // Longest first, so a secret that contains another is removed whole.
    if (this.forms.size !== before) this.ordered = [...this.forms].sort((a, b) => b.length - a.length);
  }

  /** Registers the credentials of basic auth: the password, and the header value that carries it. */
  addCredentials(username: string, password: string): void {
    this.add(password);
    const basic = Buffer.from(`${username}:${password}`).toString('base64');
    this.add(basic);
    this.add(basic.replace(/=+$/, ''));
  }

  /** The text with every registered secret replaced by `***`. */
  redact(text: string): string {
    let clean = text;
    for (const form of this.ordered) if (clean.includes(form)) clean = clean.split(form).join(MASK);
    return clean;
  }

  /**
   * A copy of a JSON-like value (results, echoed declarations) with every string redacted; keys too.
   * Depth-bounded, so a hostile answer cannot exhaust the stack.
   */
  redactValue<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (depth > 64 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, depth + 1)) as T;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        this.redact(key),
        this.redactValue(item, depth + 1),
      ]),
    ) as T;
  }

  /**
   * Redacts an error in place — message, stack and every string it carries (AS3 messages, per-tenant
   * results) — and returns it, so that nothing thrown by the client holds a secret.
   */
  redactError<E>(error: E): E {
    if (typeof error !== 'object' || error === null) return error;
    const target = error as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (!descriptor || !('value' in descriptor)) continue;
      const value = descriptor.value as unknown;
      if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) continue;
      const clean = typeof value === 'string' ? this.redact(value) : this.redactValue(value);
      try {
        Object.defineProperty(target, key, { ...descriptor, value: clean });
      } catch {
        // A frozen property cannot carry new text; leave it.
      }
    }
    return error;
  }
}

function formsOf(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}
