import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Above this many bytes of output, file contents are held deflated in memory: a synthesis of 100,000
 * apps holds hundreds of MB of YAML until it is written, and Kubernetes YAML deflates about tenfold.
 * Below it (every ordinary stack) contents stay plain strings and nothing is compressed.
 */
export const COMPRESS_ABOVE_BYTES = 64 * 1024 * 1024;

type Stored = string | Buffer;

/**
 * The files of a synthesis, in insertion order: a ReadonlyMap of path to content whose contents, once
 * the output is large, are kept deflated and inflated on each read. Readers see strings either way.
 */
export class FileStore implements ReadonlyMap<string, string> {
  private readonly stored = new Map<string, Stored>();
  private bytes = 0;
  private compressing = false;

  constructor(private readonly compressAbove = COMPRESS_ABOVE_BYTES) {}

  public set(path: string, content: string): void {
    this.bytes += content.length;
    if (!this.compressing && this.bytes > this.compressAbove) {
      this.compressing = true;
      for (const [p, c] of this.stored) if (typeof c === 'string') this.stored.set(p, deflate(c));
    }
    this.stored.set(path, this.compressing ? deflate(content) : content);
  }

  /** Copies `path` of another store under a new path, without inflating it. */
  public adopt(path: string, from: FileStore, fromPath: string): void {
    const content = from.stored.get(fromPath);
    if (content === undefined) throw new Error(`internal: ${fromPath} is not in the store`);
    this.stored.set(path, content);
    this.bytes += typeof content === 'string' ? content.length : 0;
    // A store that adopts deflated files is a large output: what it is given next is deflated too.
    if (typeof content !== 'string') this.compressing = true;
  }

  public get(path: string): string | undefined {
    const content = this.stored.get(path);
    return content === undefined ? undefined : inflate(content);
  }

  public has(path: string): boolean {
    return this.stored.has(path);
  }

  public get size(): number {
    return this.stored.size;
  }

  public *keys(): MapIterator<string> {
    yield* this.stored.keys();
  }

  public *values(): MapIterator<string> {
    for (const content of this.stored.values()) yield inflate(content);
  }

  public *entries(): MapIterator<[string, string]> {
    for (const [path, content] of this.stored) yield [path, inflate(content)];
  }

  public [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  public forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [path, content] of this.entries()) callback(content, path, this);
  }
}

function deflate(content: string): Buffer {
  // Copied out: zlib's result is a view of its whole output chunk (16 KiB per small file).
  return Buffer.from(deflateRawSync(content, { level: 1 }));
}

function inflate(content: Stored): string {
  return typeof content === 'string' ? content : inflateRawSync(content).toString('utf8');
}
