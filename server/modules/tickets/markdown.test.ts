import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

// Known XSS vectors (OWASP filter-evasion cheat sheet and friends): none may survive as markup.
const VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](javascript:alert(1))',
  '![x](x" onerror="alert(1))',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<<script>script>alert(1)<</script>/script>',
  '[x](  javascript:alert(1)  )',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '`<script>alert(1)</script>`',
  '<input autofocus onfocus=alert(1)>',
];

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('**Rack A12** lost power.\n\n- PDU A\n- PDU B\n\nSee https://status.example.com');
    expect(html).toContain('<strong>Rack A12</strong>');
    expect(html).toContain('<li>PDU A</li>');
    expect(html).toContain('<a href="https://status.example.com" rel="noopener noreferrer nofollow" target="_blank">');
  });

  for (const v of VECTORS) {
    it(`renders inert: ${v}`, () => {
      const html = renderMarkdown(v);
      // Only real tags count: escaped text (&lt;script&gt;) is what a safe renderer shows.
      const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
      for (const tag of tags) {
        expect(tag).toMatch(/^<(p|br|strong|em|s|code|pre|blockquote|ul|ol|li|a|h[1-6]|hr|table|thead|tbody|tr|th|td)\b/i);
        expect(tag).not.toMatch(/\son\w+\s*=/i);
        expect(tag).not.toMatch(/\s(style|src|srcset|action|formaction)\s*=/i);
        const href = tag.match(/href="([^"]*)"/)?.[1];
        if (href !== undefined) expect(href).toMatch(/^(https?:|mailto:)/i);
      }
    });
  }
});
