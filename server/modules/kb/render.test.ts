import { describe, expect, it } from 'vitest';
import { renderArticle } from './render.js';

const ARTICLE = '01a24166-1f9f-71c3-a684-661da69c69f2';
const files = [
  { id: '01a24166-0000-7000-8000-000000000001', filename: 'rack front.png', contentType: 'image/png' },
  { id: '01a24166-0000-7000-8000-000000000002', filename: 'manual.pdf', contentType: 'application/pdf' },
];

describe('article Markdown', () => {
  it('shows images of the article’s own attachments, with the alt text escaped', () => {
    const html = renderArticle('![Front <b>view</b> "x"](attachment:rack%20front.png)', ARTICLE, files);
    expect(html).toContain(`<img src="/api/v1/kb/articles/${ARTICLE}/attachments/${files[0]!.id}" alt="Front &lt;b&gt;view&lt;/b&gt; &quot;x&quot;" loading="lazy">`);
  });

  it('never makes an image of a non-image attachment, an unknown file or a foreign address', () => {
    const html = renderArticle('![a](attachment:manual.pdf) ![b](attachment:nope.png) ![c](https://evil.example/x.png)', ARTICLE, files);
    expect(html).not.toContain('<img');
    expect(html).toContain('a b');
  });

  it('marks callouts of the five kinds and leaves other quotes plain', () => {
    for (const kind of ['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION']) {
      expect(renderArticle(`> [!${kind}]\n> Text`, ARTICLE, [])).toContain(`<blockquote class="kb-callout kb-callout-${kind.toLowerCase()}"><p>Text`);
    }
    expect(renderArticle('> [!DANGER]\n> Text', ARTICLE, [])).toContain('<blockquote>');
  });
});
