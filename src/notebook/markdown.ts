/**
 * Markdown built from values: the values are escaped, so a file path, an error message or a label
 * shows as the text it is and can never become markup, a link or HTML.
 */
import { displayBundle } from "./display";

/** Markdown text whose interpolated values were escaped by {@link md}, with its plain-text reading. */
export interface Markdown {
  readonly kind: "markdown";
  /** The Markdown source. */
  readonly markdown: string;
  /** The same text without Markdown escapes, for terminals (`text/plain`). */
  readonly text: string;
}

/** Markdown punctuation that can start markup anywhere in a line, or HTML, entities and math. */
const INLINE = /[\\`*_[\]<>#|~$&!]/g;
/** A line start that would open a list item, a heading underline or a block quote. */
const LINE_START = /(^|\n)([ \t]*)([-+=]|\d+[.)])/g;

const entity = (c: string): string => (c === "&" ? "&amp;" : `&#${c.charCodeAt(0)};`);

/**
 * Escapes text so that Markdown renders it literally: emphasis, code, links, HTML tags, entities, `$`
 * math (Jupyter), tables and list markers at a line start.
 *
 * Variant: each such character becomes a numeric character reference (`<` is `&#60;`), which every
 * Markdown renderer shows as the character and never reads as markup. Backslash escapes are not
 * enough: the renderer of Debian's nbconvert (mistune 0.8) leaves `\<img ...>` a live HTML tag.
 *
 * @param text any text.
 * @returns Markdown source that renders as `text`.
 * @example
 * escapeMarkdown("<img src=x onerror=alert(1)> *bold*"); // "&#60;img src=x onerror=alert(1)&#62; &#42;bold&#42;"
 */
export function escapeMarkdown(text: string): string {
  return text.replace(INLINE, entity).replace(LINE_START, (_m, start: string, indent: string, marker: string) => `${start}${indent}${marker.replace(/[-+=.)]$/, entity)}`);
}

/** Whether a code span is open at the end of `text`, given the one open before it (length of its backtick run, 0 for none). */
function codeSpanAfter(text: string, open: number): number {
  let state = open;
  for (const m of text.matchAll(/\\`|`+/g)) {
    if (m[0] === "\\`") continue; // an escaped backtick opens nothing
    const run = m[0].length;
    if (state === 0) state = run;
    else if (run === state) state = 0;
  }
  return state;
}

/**
 * Markdown from a template, with every interpolated value escaped: `md\`**Error:** ${message}\``.
 *
 * The template's own text is Markdown, as written. A value is converted with `String` and escaped with
 * {@link escapeMarkdown}; inside a code span of the template (`md\`\`${path}\`\``), where Markdown
 * shows text literally anyway, only what would end the span is changed: a backtick in the value becomes
 * U+02CB (ˋ, which looks the same) and a newline a space. Nested `Markdown` values are inserted as
 * they are (they were escaped when they were built).
 *
 * @returns a {@link Markdown} for {@link showMarkdown}.
 * @example
 * md`Loaded **${"a*b.idx"}**`.markdown; // "Loaded **a&#42;b.idx**"
 * md`Loaded **${"a*b.idx"}**`.text; // "Loaded **a*b.idx**"
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): Markdown {
  let markdown = strings[0]!;
  let text = strings[0]!;
  let codeSpan = codeSpanAfter(strings[0]!, 0);
  values.forEach((value, i) => {
    if (isMarkdown(value)) {
      markdown += value.markdown;
      text += value.text;
    } else {
      const raw = String(value);
      markdown += codeSpan > 0 ? raw.replace(/`/g, "\u02cb").replace(/\r?\n/g, " ") : escapeMarkdown(raw);
      text += raw;
    }
    const literal = strings[i + 1]!;
    markdown += literal;
    text += literal;
    codeSpan = codeSpanAfter(literal, codeSpan);
  });
  return { kind: "markdown", markdown, text };
}

/** Whether a value is a {@link Markdown} built by {@link md}. */
export function isMarkdown(value: unknown): value is Markdown {
  return typeof value === "object" && value !== null && (value as Markdown).kind === "markdown" && typeof (value as Markdown).markdown === "string";
}

/**
 * Author-written Markdown with any raw HTML shown as text: `<` that would open a tag, a comment or a
 * processing instruction outside code spans and fenced code becomes `&lt;`. Autolinks
 * `<https://...>` are kept. For text built from values use {@link md} instead.
 *
 * @example
 * neutralizeHtml("a <b>bold</b> `<kept>` <https://arxiv.org>"); // "a &lt;b>bold&lt;/b> `<kept>` <https://arxiv.org>"
 */
export function neutralizeHtml(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      out.push(line);
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      out.push(line);
      continue;
    }
    // Outside fences: split into code spans (kept) and the rest (tags neutralised).
    let result = "";
    let rest = line;
    for (;;) {
      const open = /`+/.exec(rest);
      if (!open) break;
      const close = rest.indexOf(open[0], open.index + open[0].length);
      if (close < 0) break;
      result += neutralizeText(rest.slice(0, open.index)) + rest.slice(open.index, close + open[0].length);
      rest = rest.slice(close + open[0].length);
    }
    out.push(result + neutralizeText(rest));
  }
  return out.join("\n");
}

function neutralizeText(text: string): string {
  return text.replace(/<(?![a-z][a-z0-9+.-]*:[^\s<>]*>)(?=[A-Za-z/!?])/gi, "&lt;");
}

/**
 * Displays Markdown (with a plain-text fallback). A {@link Markdown} from {@link md} is shown as built;
 * a string is taken as author-written Markdown whose raw HTML is shown as text ({@link neutralizeHtml}),
 * so a value pasted into a template string can at worst change emphasis, never run code.
 *
 * @param markdown `md\`...\`` (preferred when the text holds values) or a Markdown string.
 */
export function showMarkdown(markdown: Markdown | string): void {
  if (isMarkdown(markdown)) displayBundle({ "text/markdown": markdown.markdown, "text/plain": markdown.text });
  else displayBundle({ "text/markdown": neutralizeHtml(markdown), "text/plain": markdown });
}
