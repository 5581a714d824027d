/**
 * The new text of a reply, without the quoted history and the signature mail clients add. Works on
 * the plain-text part. Conservative: it cuts at the first line that starts a quote (attribution line,
 * "Original Message" separator, an Outlook header block) and drops the signature after "-- "; lines
 * starting with ">" are dropped wherever they are.
 */

/** Attribution lines ("On … wrote:") in the languages of the portal and common clients. */
const ATTRIBUTION = [
  /^on\b.{0,300}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird (en)
  /^am\b.{0,300}\bschrieb\b.{0,200}:\s*$/i, // de
  /^(den|på)\b.{0,300}\bskrev\b.{0,200}:\s*$/i, // nb
  /^le\b.{0,300}\ba écrit\s*:\s*$/i, // fr
];
/** Attributions that start with the name ("Max <m@x.de> schrieb am 2.3.:"): only with an address or a date in them. */
const NAMED_ATTRIBUTION = [/^.{0,300}\bschrieb\b.{0,100}:\s*$/i, /^.{0,300}\bskrev\b.{0,100}:\s*$/i, /^.{0,300}(пишет|написал|написала|написал\(а\))\s*:\s*$/i, /^.{0,300}\bwrote:\s*$/i];
const isAttribution = (line: string) => ATTRIBUTION.some((r) => r.test(line)) || (/[@\d]/.test(line) && NAMED_ATTRIBUTION.some((r) => r.test(line)));
/** Separators after which everything is the forwarded or quoted original. */
const SEPARATOR = [
  /^-{2,}\s*(original message|ursprüngliche nachricht|opprinnelig melding|originalmelding|исходное сообщение|message d'origine)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above the quoted header block
  /^-{2,}\s*(forwarded message|weitergeleitete nachricht|videresendt melding)\s*-{2,}\s*$/i,
];
/** Outlook's quoted header block: "From: …" followed within two lines by "Sent:"/"Date:"/"To:" (and translations). */
const HEADER_FROM = /^(from|von|fra|от):\s/i;
const HEADER_NEXT = /^(sent|date|to|subject|gesendet|datum|an|betreff|sendt|dato|til|emne|отправлено|дата|кому|тема):\s/i;

export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    // The signature delimiter ("-- ", RFC 3676); some clients drop its trailing space.
    if (line === '-- ' || line === '--') break;
    if (isAttribution(trimmed)) break;
    // Gmail wraps a long attribution: "On Mon, 23 Nov 2026 at 14:00, Name <a@b>" / "wrote:".
    const next = lines[i + 1]?.trim() ?? '';
    if (/^(on|am|den)\b/i.test(trimmed) && /^(wrote|schrieb|skrev)\b.{0,100}:\s*$/i.test(next)) break;
    if (SEPARATOR.some((r) => r.test(trimmed))) break;
    if (HEADER_FROM.test(trimmed) && [lines[i + 1], lines[i + 2]].some((l) => l !== undefined && HEADER_NEXT.test(l.trim()))) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text of an HTML-only mail: tags out, line breaks kept, entities that matter decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
