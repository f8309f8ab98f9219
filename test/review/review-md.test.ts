import { describe, expect, it } from 'vitest';
import { synthesizeApp } from '../../lib/core/synth';
import { App } from '../../lib/core/app';
import { Stack } from '../../lib/core/stack';
import { mermaidLabel, renderMermaid } from '../../lib/review/mermaid';
import { renderReview, writeReview } from '../../lib/review/review-markdown';
import { buildFleet } from '../../bench/fleet';
import { createApp } from '../../stacks/index';
import { mermaidBlocks, mermaidParse } from '../helpers/mermaid';

const outputs = synthesizeApp(createApp()).stacks;
const review = (stack: string) =>
  outputs.find((o) => o.stackName === stack)?.files.get(`${stack}/REVIEW.md`) ?? '';

/** The rows of the VIP table. */
function vipRows(markdown: string): string[][] {
  const section = markdown.split('## Virtual servers')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| VIP:port'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.trim()),
    );
}

describe('REVIEW.md', () => {
  it.each(['dev', 'prod'])(
    '%s lists every virtual server with its members’ kind and what BIG-IP holds',
    (name) => {
      const output = outputs.find((o) => o.stackName === name);
      const rows = vipRows(review(name));
      const virtuals = output?.records.virtualServers ?? [];
      expect(virtuals.length).toBeGreaterThan(0);
      for (const vs of virtuals) {
        const row = rows.find(
          (r) => r[0]?.startsWith(`${vs.address}:`) && r[8] === `${vs.device}/${vs.partition}`,
        );
        expect(row, `${vs.name} in REVIEW.md`).toBeDefined();
        expect(row?.[6], vs.name).not.toBe('-');
      }
    },
  );

  it('dev: the NodePortLocal virtual, with the Service, namespace and writer', () => {
    expect(vipRows(review('dev'))).toEqual([
      [
        '192.0.2.10:80',
        'http',
        'hello.dev.example.com',
        '/',
        'hello-world/f5-hello-world:8080',
        'vks-dev',
        'NodePortLocal',
        'node IP : NodePortLocal port of each pod (Antrea)',
        'bigip-dev/vks_dev',
        'CIS (dev/Cluster/Cis) from VirtualServer dev/Cluster/HelloWorldVs',
      ],
    ]);
  });

  it('prod: static node members of the stack-owned front, CIS-found NodePort members of the ConfigMap app', () => {
    const rows = vipRows(review('prod'));
    expect(rows.map((r) => [r[0], r[1], r[4], r[6], r[7], r[8], r[9]])).toEqual([
      [
        '203.0.113.20:80',
        'http',
        'ingress-nginx/ingress-nginx-http:80',
        'static (nodes : node port)',
        '10.20.0.11:30080, 10.20.0.12:30080, 10.20.0.13:30080',
        'bigip-prod/vks_prod_apps',
        'stack (pulumi up)',
      ],
      [
        '203.0.113.14:443',
        'https',
        'ingress-nginx/nginx-ingress:443',
        'NodePort',
        '10.20.0.11, 10.20.0.12, 10.20.0.13 : the node port Kubernetes assigns',
        'bigip-prod/Nginx_IC',
        'CIS (prod/Cluster/Cis) from AS3 ConfigMap',
      ],
    ]);
  });

  it('lists acknowledged warnings with their reasons and the rule ids that fired', () => {
    const text = review('dev');
    expect(text).toContain('Rules that fired: `workload:unpinned-image`.');
    expect(text).toContain(
      '| `workload:unpinned-image` | dev/Cluster/HelloWorld | the demo image of seed 001 is published as latest only |',
    );
  });

  it.each(['dev', 'prod'])('the Mermaid block of %s parses with mermaid’s own parser', async (name) => {
    const blocks = mermaidBlocks(review(name));
    expect(blocks).toHaveLength(1);
    await expect(mermaidParse(blocks[0] as string)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it('the parser used here rejects broken text (the check can fail)', async () => {
    await expect(mermaidParse('flowchart LR\n  a["x"] --> (\n')).rejects.toThrow(/Parse error/);
  });

  it('labels with quotes, brackets, pipes and markup stay one label', async () => {
    const label = mermaidLabel(['a "quoted" [host] | {x} <b>bold</b> & `code`']);
    expect(label).not.toMatch(/["][^"]*["].*"/);
    await expect(
      mermaidParse(`flowchart LR\n  a[${label}] -->|${label}| b[${label}]\n`),
    ).resolves.toBeDefined();
  });

  it('an empty stack still renders a topology that parses, and every section', async () => {
    const app = new App();
    new Stack(app, 'empty');
    const output = synthesizeApp(app).stacks[0];
    const text = output?.files.get('empty/REVIEW.md') ?? '';
    expect(text).toContain('## Virtual servers\n\nNone.');
    await expect(mermaidParse(renderMermaid(output!.records))).resolves.toBeDefined();
  });

  it('is byte for byte the same in two synths', () => {
    const again = synthesizeApp(createApp()).stacks;
    for (const o of outputs)
      expect(again.find((a) => a.stackName === o.stackName)?.files.get(`${o.stackName}/REVIEW.md`)).toBe(
        review(o.stackName),
      );
  });

  it('marks every file of a stack folder generated except REVIEW.md', () => {
    expect(outputs[0]?.files.get('dev/.gitattributes')).toBe(
      '* linguist-generated=true\nREVIEW.md -linguist-generated\n',
    );
  });
});

describe('REVIEW.md of a large stack, written in chunks', () => {
  it('writes the same text in chunks of about 64 KiB, with the trailing blank lines trimmed', () => {
    const [output] = synthesizeApp(buildFleet(400).app).stacks;
    if (!output) throw new Error('no stack');
    const chunks: string[] = [];
    writeReview('fleet', undefined, output.records, (chunk) => chunks.push(chunk));
    const whole = renderReview('fleet', undefined, output.records);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.slice(0, -1).every((c) => c.length >= 64 * 1024 && c.length < 80 * 1024)).toBe(true);
    expect(chunks.join('')).toBe(whole);
    expect(whole).toBe(output.files.get('fleet/REVIEW.md'));
    expect(whole.endsWith('|\n') || whole.endsWith('.\n')).toBe(true);
    expect(whole).not.toMatch(/\s\n$/);
  });
});
