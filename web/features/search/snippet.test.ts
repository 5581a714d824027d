import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet';

describe('snippetParts', () => {
  it('marks only <mark> and unescapes the rest as text', () => {
    expect(snippetParts('a &lt;script&gt;alert(1)&lt;/script&gt; <mark>rack</mark> &amp; &quot;b&quot;')).toEqual([
      { text: 'a <script>alert(1)</script> ', mark: false },
      { text: 'rack', mark: true },
      { text: ' & "b"', mark: false },
    ]);
  });
  it('keeps other tags as plain text (rendered escaped by React), never as markup', () => {
    const parts = snippetParts('<img src=x onerror=alert(1)><mark>x</mark>');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)>', mark: false },
      { text: 'x', mark: true },
    ]);
  });
  it('handles empty and unmatched input', () => {
    expect(snippetParts('')).toEqual([]);
    expect(snippetParts('<mark>open')).toEqual([{ text: 'open', mark: false }]);
  });
});
