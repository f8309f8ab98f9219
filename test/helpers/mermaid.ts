/**
 * Mermaid's own parser (`mermaid.parse`) under jsdom: mermaid sanitizes labels with DOMPurify, which
 * needs a window. Loaded once per test file; about a second.
 */
let parser: Promise<(text: string) => Promise<unknown>> | undefined;

export function mermaidParse(text: string): Promise<unknown> {
  parser ??= (async () => {
    const { JSDOM } = await import('jsdom');
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as Record<string, unknown>;
    g.window = dom.window;
    g.document = dom.window.document;
    const mermaid = (await import('mermaid')).default;
    mermaid.initialize({ startOnLoad: false });
    return (source: string) => mermaid.parse(source);
  })();
  return parser.then((parse) => parse(text));
}

/** The text of every ```mermaid block of a markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}
