import { randomBytes } from 'node:crypto';
import { renderMarkdown } from '../tickets/index.js';

/**
 * Article Markdown to safe HTML: the tickets' renderer and sanitiser (raw HTML off, allow-list) do all
 * the work. Two additions are made AFTER sanitising, from values this function builds itself:
 * - callouts: a blockquote starting with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
 *   `[!CAUTION]` gets the class `kb-callout kb-callout-<kind>`;
 * - images: `![alt](attachment:<file name>)` shows that attachment of the article (images only); the
 *   alt text is HTML-escaped and the address is the article's own download URL. Other images are
 *   dropped by the sanitiser (the page's CSP would block foreign hosts anyway).
 */
export type ImageSource = { id: string; filename: string; contentType: string };

const CALLOUT = /<blockquote>\s*<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*(?:<br\s*\/?>)?\s*/g;
const IMAGE = /!\[([^\]\n]{0,200})\]\(attachment:([^)\s]{1,200})\)/g;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function renderArticle(body: string, articleId: string, attachments: ImageSource[]): string {
  const nonce = randomBytes(6).toString('hex');
  const images: { alt: string; src: string | null }[] = [];
  const source = body.replace(IMAGE, (_m, alt: string, name: string) => {
    const file = attachments.find((a) => a.filename === safeDecode(name) && a.contentType.startsWith('image/'));
    images.push({ alt, src: file ? `/api/v1/kb/articles/${articleId}/attachments/${file.id}` : null });
    return `KBIMG${nonce}N${images.length - 1}E`;
  });
  let html = renderMarkdown(source).replace(CALLOUT, (_m, kind: string) => `<blockquote class="kb-callout kb-callout-${kind.toLowerCase()}"><p>`);
  html = html.replace(new RegExp(`KBIMG${nonce}N(\\d+)E`, 'g'), (_m, i: string) => {
    const img = images[Number(i)];
    if (!img) return '';
    return img.src ? `<img src="${escapeHtml(img.src)}" alt="${escapeHtml(img.alt)}" loading="lazy">` : escapeHtml(img.alt);
  });
  return html;
}

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
