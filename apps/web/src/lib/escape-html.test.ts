import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, htmlLines } from './escape-html';

describe('escaping text for HTML', () => {
  it('when a name carries markup, then every special character becomes an entity', () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="window.__xss=1">`),
      '&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;',
    );
    assert.equal(escapeHtml(`<b id=planted>'&'\``), '&lt;b id=planted&gt;&#39;&amp;&#39;&#96;');
  });

  it('when the text is plain, then it comes back as it was', () => {
    assert.equal(escapeHtml('云南中路花园 8号楼 · 12 人'), '云南中路花园 8号楼 · 12 人');
    assert.equal(escapeHtml(42), '42');
    assert.equal(escapeHtml(null), '');
    assert.equal(escapeHtml(undefined), '');
  });

  it('when an entity is already in the text, then it is escaped again and shows as typed', () => {
    assert.equal(escapeHtml('&lt;b&gt;'), '&amp;lt;b&amp;gt;');
  });

  it('when escaped text is parsed as HTML, then it reads as the original and makes no element', () => {
    // what a browser does with the tooltip's HTML, in miniature: entities back to characters
    const decode = (html: string) =>
      html.replace(
        /&(lt|gt|quot|amp|#39|#96);/g,
        (_, e: string) =>
          ({ lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'", '#96': '`' })[e] ?? '',
      );
    const planted = `<script>alert(1)</script><b id=planted>`;
    const escaped = escapeHtml(planted);
    assert.doesNotMatch(escaped, /[<>"'`]/);
    assert.equal(decode(escaped), planted);
  });

  it('when lines are joined for a tooltip, then each is escaped and only the breaks are HTML', () => {
    assert.equal(
      htmlLines(['<b>楼</b>', '匹配 3 人', undefined]),
      '&lt;b&gt;楼&lt;/b&gt;<br/>匹配 3 人<br/>',
    );
  });
});
