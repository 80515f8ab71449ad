import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInline, parseMarkdown, safeHref, type Block, type Inline } from './markdown-parse';

/** Every text of a tree, joined: what a reader would see. */
const textOf = (nodes: Inline[]): string =>
  nodes.map((n) => (n.t === 'text' ? n.v : n.t === 'br' ? '\n' : textOf(n.c))).join('');
const links = (blocks: Block[]): string[] =>
  blocks.flatMap((b) => {
    const walk = (ns: Inline[]): string[] =>
      ns.flatMap((n) => (n.t === 'link' ? [n.href, ...walk(n.c)] : 'c' in n ? walk(n.c) : []));
    return b.t === 'h' || b.t === 'p' ? walk(b.c) : b.items.flatMap(walk);
  });

describe('the safe Markdown subset of notices', () => {
  it('when the body has headings, lists and paragraphs, then each becomes its block', () => {
    const blocks = parseMarkdown('## 通知\n\n第一段\n第二行\n\n- 甲\n- 乙\n\n1. 一\n2. 二');
    assert.deepEqual(
      blocks.map((b) => b.t),
      ['h', 'p', 'ul', 'ol'],
    );
    assert.equal((blocks[0] as { level: number }).level, 2);
    assert.equal(textOf((blocks[1] as { c: Inline[] }).c), '第一段\n第二行');
    assert.equal((blocks[2] as { items: Inline[][] }).items.length, 2);
  });

  it('when text is marked bold or italic, then it is, and unclosed marks stay text', () => {
    const nodes = parseInline('请**务必**注意*安全*，2 * 3 = 6 **未闭合');
    assert.equal(nodes[1]!.t, 'strong');
    assert.equal(nodes[3]!.t, 'em');
    assert.equal(textOf(nodes), '请务必注意安全，2 * 3 = 6 **未闭合');
  });

  it('when a link is http, https or mailto, then it is a link; anything else is text', () => {
    const blocks = parseMarkdown(
      '[官网](https://www.shanghai.gov.cn/) [信](mailto:a@b.cn) [x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](data:text/html,<b>) [w](//evil.example) [v](java\tscript:alert(1))',
    );
    assert.deepEqual(links(blocks), ['https://www.shanghai.gov.cn/', 'mailto:a@b.cn']);
    const text = textOf((blocks[0] as { c: Inline[] }).c);
    assert.match(text, /\[x\]\(javascript:alert\(1\)\)/);
    assert.match(text, /\[z\]\(data:text\/html,<b>\)/);
  });

  it('when the body holds a script or raw HTML, then it comes out as the same text', () => {
    const hostile =
      '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:x">a</a>';
    const blocks = parseMarkdown(hostile);
    assert.equal(blocks.length, 1);
    assert.equal(textOf((blocks[0] as { c: Inline[] }).c), hostile);
    assert.deepEqual(links(blocks), []);
  });

  it('when an address hides its scheme, then safeHref refuses it', () => {
    assert.equal(safeHref(' https://a.cn/x '), 'https://a.cn/x');
    assert.equal(safeHref('jav&#x61;script:alert(1)'), null);
    assert.equal(safeHref('\u0000javascript:alert(1)'), null);
    assert.equal(safeHref('https://a.cn/\u0007'), null);
    assert.equal(safeHref('vbscript:msgbox'), null);
    assert.equal(safeHref('/relative'), null);
  });

  it('when marks nest deeply, then parsing stays bounded', () => {
    const deep = '**'.repeat(5000) + 'x' + '*'.repeat(5000);
    assert.ok(parseMarkdown(deep).length === 1);
  });
});
