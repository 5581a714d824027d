import { Text, type TextProps } from '@mantine/core';
import { Fragment } from 'react';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/**
 * The server's snippets are HTML-escaped text in which only <mark>…</mark> is markup. They are never
 * put in as HTML: split at the marks, every piece is unescaped and rendered as a text node, so
 * whatever the indexed text held stays inert.
 */
export function snippetParts(snippet: string): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) parts.push({ text: unescape(snippet.slice(last, m.index)), mark: false });
    parts.push({ text: unescape(m[1] ?? ''), mark: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: unescape(snippet.slice(last)), mark: false });
  // Anything that still looks like a tag is text too (React escapes it); strip stray marks.
  return parts.map((p) => ({ ...p, text: p.text.replace(/<\/?mark>/g, '') })).filter((p) => p.text);
}

/** A search snippet with its matches highlighted. */
export function Snippet({ snippet, ...props }: { snippet: string } & TextProps) {
  return (
    <Text size="sm" c="dimmed" lineClamp={2} {...props}>
      {snippetParts(snippet).map((p, i) => (p.mark ? <mark key={i} className="portico-search-mark">{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
    </Text>
  );
}
