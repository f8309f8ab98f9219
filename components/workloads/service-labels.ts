import type { IConstruct } from 'constructs';
import { quote } from '../../lib/core/errors';

/**
 * Labels other constructs ask a Service to carry (`IServiceBackend.addServiceLabels`). The Service
 * sets them on itself; one key asked for with two values is reported by the Service at synth.
 */
export class ServiceLabels {
  private readonly values = new Map<string, { readonly value: string; readonly by?: IConstruct }>();
  private readonly conflicts: string[] = [];

  /** Records `labels`; returns those the Service should set (keys not set before). */
  public add(labels: Readonly<Record<string, string>>, by?: IConstruct): Record<string, string> {
    const accepted: Record<string, string> = {};
    for (const [key, value] of Object.entries(labels)) {
      const existing = this.values.get(key);
      if (existing?.value === value) continue;
      if (existing !== undefined) {
        const who = (c?: IConstruct) => (c ? ` by [${c.node.path}]` : '');
        this.conflicts.push(
          `label ${key} is set to ${quote(existing.value)}${who(existing.by)} and to ${quote(value)}${who(by)}; a Service carries one value per label, so one Service per AS3 pool`,
        );
        continue;
      }
      this.values.set(key, { value, by });
      accepted[key] = value;
    }
    return accepted;
  }

  /** Problems to report from the Service's validation. */
  public problems(): string[] {
    return [...this.conflicts];
  }
}
