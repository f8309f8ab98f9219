import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Above this many bytes of output, file contents are held deflated in memory: a synthesis of 100,000
 * apps holds hundreds of MB of YAML until it is written, deflated they take about a fifth.
 * Below it (every ordinary stack) contents stay plain strings and nothing is compressed.
 */
export const COMPRESS_ABOVE_BYTES = 64 * 1024 * 1024;

/** Text given in pieces is deflated in pieces of about this many characters (a large index.json). */
export const PIECE_CHARS = 4 * 1024 * 1024;

/**
 * Once compressing, files are deflated against a preset dictionary: the last this many characters of
 * the output stored before. Files of one stack repeat the same keys and values, and a small file alone
 * deflates poorly: at 2,000 fleet apps the dictionary takes the ratio from 2.7 to 4.3 (4.7 at level 6),
 * and 4 KiB of it deflates and inflates faster than none (one-off measurement).
 */
export const DICTIONARY_CHARS = 4 * 1024;

/** Takes a text in chunks, in order; `end` stores it. */
export interface TextWriter {
  write(chunk: string): void;
  end(): void;
}

/** Plain text, deflated text, or deflated pieces of a text given in pieces. */
type Stored = string | Buffer | readonly Buffer[];

/**
 * The files of a synthesis, in insertion order: a ReadonlyMap of path to content whose contents, once
 * the output is large, are kept deflated and inflated on each read. Readers see strings either way.
 */
export class FileStore implements ReadonlyMap<string, string> {
  private readonly stored = new Map<string, Stored>();
  private bytes = 0;
  private compressing = false;
  /** The preset dictionary of every deflated content of this store (none if nothing came before). */
  private dictionary?: Buffer;

  constructor(
    private readonly compressAbove = COMPRESS_ABOVE_BYTES,
    private readonly pieceChars = PIECE_CHARS,
  ) {}

  public set(path: string, content: string): void {
    this.bytes += content.length;
    if (!this.compressing && this.bytes > this.compressAbove) this.startCompressing();
    this.stored.set(path, this.compressing ? this.deflate(content) : content);
  }

  /** From now on contents are held deflated, those stored so far included. */
  private startCompressing(): void {
    this.compressing = true;
    this.dictionary ??= dictionaryOf(this.stored.values());
    for (const [p, c] of this.stored) if (typeof c === 'string') this.stored.set(p, this.deflate(c));
  }

  /**
   * Stores text given in pieces (a generator), as `set` would store it whole. Once the output is large,
   * the text is deflated piece by piece as it comes, so that a large index.json is never one string.
   */
  public setChunks(path: string, chunks: Iterable<string>): void {
    const writer = this.writer(path);
    for (const chunk of chunks) writer.write(chunk);
    writer.end();
  }

  /** `setChunks` for a producer that pushes its text: write the chunks in order, then end. */
  public writer(path: string): TextWriter {
    const pieces: Stored[] = [];
    let piece = '';
    const flush = () => {
      this.bytes += piece.length;
      if (!this.compressing && this.bytes > this.compressAbove) this.startCompressing();
      pieces.push(this.compressing ? this.deflate(piece) : piece);
      piece = '';
    };
    return {
      write: (chunk) => {
        piece += chunk;
        if (piece.length >= this.pieceChars) flush();
      },
      end: () => {
        if (piece !== '' || pieces.length === 0) flush();
        if (!this.compressing) {
          this.stored.set(path, pieces.join(''));
          return;
        }
        const deflated = pieces.map((p) => (typeof p === 'string' ? this.deflate(p) : (p as Buffer)));
        this.stored.set(path, deflated.length === 1 ? (deflated[0] as Buffer) : deflated);
      },
    };
  }

  /**
   * The content of `path` in the pieces it is stored in, inflated one at a time: what a writer streams
   * to disk without building a large file's whole text.
   */
  public *pieces(path: string): Generator<string> {
    const content = this.stored.get(path);
    if (content === undefined) return;
    if (isPieces(content)) for (const piece of content) yield this.inflate(piece);
    else yield this.inflate(content);
  }

  /** Copies `path` of another store under a new path, without inflating it. */
  public adopt(path: string, from: FileStore, fromPath: string): void {
    const content = from.stored.get(fromPath);
    if (content === undefined) throw new Error(`internal: ${fromPath} is not in the store`);
    this.bytes += typeof content === 'string' ? content.length : 0;
    if (typeof content === 'string') {
      this.stored.set(path, content);
      return;
    }
    // A store that adopts deflated files is a large output: what it is given next is deflated too,
    // against the same dictionary (a file deflated against another one is deflated again).
    this.compressing = true;
    if (this.stored.size === 0 || this.dictionary === from.dictionary) {
      this.dictionary = from.dictionary;
      this.stored.set(path, content);
    } else {
      this.stored.set(path, this.deflate(from.inflate(content)));
    }
  }

  public get(path: string): string | undefined {
    const content = this.stored.get(path);
    return content === undefined ? undefined : this.inflate(content);
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
    for (const content of this.stored.values()) yield this.inflate(content);
  }

  public *entries(): MapIterator<[string, string]> {
    for (const [path, content] of this.stored) yield [path, this.inflate(content)];
  }

  public [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  public forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [path, content] of this.entries()) callback(content, path, this);
  }

  private deflate(content: string): Buffer {
    // Level 6 against the dictionary: about 7 % smaller than level 1 and no slower on small files.
    const options = this.dictionary ? { level: 6, dictionary: this.dictionary } : { level: 6 };
    // Copied out: zlib's result is a view of its whole output chunk (16 KiB per small file).
    return Buffer.from(deflateRawSync(content, options));
  }

  private inflate(content: Stored): string {
    if (typeof content === 'string') return content;
    if (isPieces(content)) return content.map((piece) => this.inflate(piece)).join('');
    const options = this.dictionary ? { dictionary: this.dictionary } : {};
    return inflateRawSync(content, options).toString('utf8');
  }
}

function isPieces(content: Stored): content is readonly Buffer[] {
  return Array.isArray(content);
}

/** The last `DICTIONARY_CHARS` characters of the plain contents, in store order; none if there are none. */
function dictionaryOf(contents: Iterable<Stored>): Buffer | undefined {
  const all = [...contents];
  let tail = '';
  for (let i = all.length - 1; i >= 0 && tail.length < DICTIONARY_CHARS; i -= 1) {
    const content = all[i];
    if (typeof content === 'string') tail = content + tail;
  }
  return tail === '' ? undefined : Buffer.from(tail.slice(-DICTIONARY_CHARS), 'utf8');
}
