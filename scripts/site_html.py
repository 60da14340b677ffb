"""Making a notebook safe to publish as a page of the companion site.

Used by scripts/run_notebook.py before and after nbconvert's HTML export. Whatever a notebook holds
(an error message with a path, a label, text pasted into Markdown), the page it becomes runs no
script but the site's own figure loader:

- text/html outputs and SVG are reduced to an allowlist of tags and attributes (no <script>, no
  on* handlers, no javascript: or other non-image data: URLs, no <iframe>/<object>/<embed>);
- text/markdown outputs are rendered with nbconvert's own Markdown renderer, then sanitised the same
  way; Markdown cells have their raw HTML turned into text;
- outputs of other kinds that the page template would insert raw (application/javascript, widget
  state, LaTeX) are dropped, and image data must be base64;
- Plotly figures lose their inline <script>: each becomes an empty placeholder, and one loader at the
  end of the page, written here from the figures' JSON data, draws them all;
- the finished page is checked, and refused when a script, a handler or a javascript: URL remains.
"""
import base64
import copy
import html
import json
import re
from html.parser import HTMLParser


def markdown2html(source):
    """nbconvert's own Markdown renderer, so outputs look as nbconvert renders Markdown (imported when
    first needed: it takes a second)."""
    from nbconvert.filters.markdown import markdown2html as render

    return render(source)

PLOTLY_MIME = "application/vnd.plotly.v1+json"
LOADER_ID = "ab-site-figures"

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    # inline SVG of progress bars and small charts
    "svg", "g", "path", "polyline", "polygon", "line", "rect", "circle", "ellipse", "text", "tspan", "title",
    "defs", "lineargradient", "stop",
}
# Dropped together with everything inside them.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "frame", "frameset", "applet", "math"}
VOID_TAGS = {"br", "hr", "img", "col", "wbr"}
ALLOWED_ATTRIBUTES = {
    "class", "id", "title", "style", "align", "colspan", "rowspan", "width", "height", "alt", "src", "href", "role",
    "open", "scope",
    # SVG presentation
    "viewbox", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "points",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d", "transform", "font-size", "font-family",
    "font-weight", "text-anchor", "dominant-baseline", "opacity", "fill-opacity", "stroke-opacity", "xmlns",
    "preserveaspectratio", "offset", "stop-color", "stop-opacity",
}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "background", "poster", "srcset"}
SAFE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$", re.I)
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
# Output kinds the page template renders and that are safe once sanitised.
KEPT_MIME = {"text/plain", "text/html", "image/png", "image/jpeg", "image/svg+xml", PLOTLY_MIME, "application/vnd.almost-bayesian.environment+json"}


def _normalised_url(value):
    """The URL as a browser reads it: control characters and whitespace inside the scheme do not count."""
    return re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value or ""))


def url_is_safe(value, tag):
    url = _normalised_url(value)
    match = SCHEME.match(url)
    if not match:
        return True  # relative, #fragment, or a path
    scheme = match.group(1).lower()
    if scheme in ("http", "https", "mailto"):
        return True
    return scheme == "data" and tag == "img" and bool(SAFE_DATA_URL.match(url))


def style_is_safe(value):
    flat = re.sub(r"[\s\\]+|/\*.*?\*/", "", html.unescape(value or "")).lower()
    return not any(bad in flat for bad in ("expression(", "url(", "javascript:", "@import", "behavior:", "-moz-binding"))


class _Sanitiser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0  # depth inside a dropped element
        self.skip_tag = None

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closed=True)

    def _start(self, tag, attrs, closed):
        if self.skip:
            if tag == self.skip_tag and not closed:
                self.skip += 1
            return
        if tag in DROPPED_WITH_CONTENT:
            if not closed:
                self.skip, self.skip_tag = 1, tag
            return
        if tag not in ALLOWED_TAGS:
            return  # the tag goes, its text stays
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") or (name not in ALLOWED_ATTRIBUTES and not name.startswith("aria-")):
                continue
            if name in URL_ATTRIBUTES and not url_is_safe(value, tag):
                continue
            if name == "style" and not style_is_safe(value):
                continue
            kept.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
        attributes = "".join(" " + a for a in kept)
        self.out.append(f"<{tag}{attributes}{' /' if closed and tag not in VOID_TAGS else ''}>")

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip_tag:
                self.skip -= 1
            return
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(html.escape(data, quote=False))

    # comments, doctypes, processing instructions: dropped
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


def sanitize_fragment(fragment):
    """An HTML fragment reduced to the allowlist: text escaped, unknown tags removed, dangerous ones
    removed with their content, only allowed attributes with safe URLs and styles."""
    parser = _Sanitiser()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def neutralize_markdown_html(markdown):
    """Author-written Markdown with raw HTML shown as text (outside code spans and fenced code);
    autolinks <https://...> are kept. The same rule as neutralizeHtml in src/notebook/markdown.ts."""
    out, fence = [], None
    for line in markdown.split("\n"):
        match = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if fence:
            out.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            continue
        result, rest = "", line
        while True:
            opening = re.search(r"`+", rest)
            if not opening:
                break
            close = rest.find(opening.group(0), opening.end())
            if close < 0:
                break
            result += _neutralize_text(rest[: opening.start()]) + rest[opening.start() : close + len(opening.group(0))]
            rest = rest[close + len(opening.group(0)) :]
        out.append(result + _neutralize_text(rest))
    return "\n".join(out)


def _neutralize_text(text):
    text = re.sub(r"<(?![a-z][a-z0-9+.-]*:[^\s<>]*>)(?=[A-Za-z/!?])", "&lt;", text, flags=re.I)
    # A link to a script is not a link: mistune 0.8 empties it, others may not.
    return re.sub(r"\]\(\s*(javascript|vbscript|data):", r"](unsafe-\1:", text, flags=re.I)


def _text(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def prepare_notebook(nb):
    """A copy of the notebook that is safe to export, and the figures it shows: [(id, figure JSON)].

    The original is not changed (it is the executed notebook written beside the page)."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    figures = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = neutralize_markdown_html(_text(cell.source))
            cell.pop("attachments", None)
            continue
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not isinstance(data, dict):
                continue  # streams and errors are escaped by the template
            if PLOTLY_MIME in data:
                figure_id = f"ab-fig-{len(figures)}"
                height = re.search(r"height:\s*(\d+)px", _text(data.get("text/html", "")))
                label = html.escape(_text(data.get("text/plain", "figure")), quote=True)
                figures.append((figure_id, data[PLOTLY_MIME]))
                data["text/html"] = (
                    f'<div id="{figure_id}" class="ab-figure" style="width:100%;height:{height.group(1) if height else 420}px" '
                    f'role="img" aria-label="{label}"></div>'
                )
            if "text/markdown" in data:
                rendered = markdown2html(_text(data.pop("text/markdown")))
                data.setdefault("text/html", sanitize_fragment(rendered))
            elif "text/html" in data and PLOTLY_MIME not in data:
                data["text/html"] = sanitize_fragment(_text(data["text/html"]))
            if "image/svg+xml" in data:
                # Drawn through <img>, an SVG runs no script.
                svg = base64.b64encode(_text(data.pop("image/svg+xml")).encode("utf-8")).decode("ascii")
                data.setdefault("text/html", f'<img alt="figure" src="data:image/svg+xml;base64,{svg}">')
            for mime in ("image/png", "image/jpeg"):
                if mime in data and not BASE64.match(_text(data[mime])):
                    del data[mime]
            for mime in list(data):
                if mime not in KEPT_MIME:
                    del data[mime]
            # The template writes width and height metadata into attributes.
            output["metadata"] = {k: v for k, v in (output.get("metadata") or {}).items() if isinstance(v, (int, float)) and k in ("width", "height")}
            if not data:
                data["text/plain"] = ""
    return nb, figures


def loader_script(figures):
    """The one script of a page: draws every figure placeholder with the plotly.js beside the page.

    The figures' JSON is embedded with <, > and & written as \\u escapes (inside JSON strings, the
    only place they can occur), so nothing in a figure can end or open a tag."""
    payload = json.dumps({figure_id: figure for figure_id, figure in figures}, ensure_ascii=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"""<script id="{LOADER_ID}">
(function () {{
  var figures = {payload};
  function draw(P) {{
    Object.keys(figures).forEach(function (id) {{
      var el = document.getElementById(id), f = figures[id];
      if (el) P.newPlot(el, f.data, f.layout, Object.assign({{ responsive: true }}, f.config || {{}}));
    }});
  }}
  function fail(e) {{
    Object.keys(figures).forEach(function (id) {{
      var el = document.getElementById(id);
      if (el) el.textContent = "plotly.js could not be loaded (" + (e && e.message || e) + "); expected plotly.js beside this page.";
    }});
  }}
  if (window.Plotly) {{ draw(window.Plotly); return; }}
  var s = document.createElement("script");
  s.src = "plotly.js";
  s.addEventListener("load", function () {{ draw(window.Plotly); }});
  s.addEventListener("error", function () {{ fail(new Error("failed to load plotly.js")); }});
  document.head.appendChild(s);
}})();
</script>"""


def finish_page(body, figures):
    """The exported page with the template's file: and MathJax scripts removed and the figure loader
    added; then checked (see check_page)."""
    # Debian's nbconvert points require.js and MathJax at file:///usr/share/javascript/...; the figures
    # need neither and the notebooks use no LaTeX, so those tags (and MathJax's configuration) go.
    body = re.sub(r'<script[^>]*\bsrc="file://[^"]*"[^>]*>\s*</script>', "", body)
    body = re.sub(r'<script type="text/x-mathjax-config">.*?</script>', "", body, flags=re.S)
    loader = loader_script(figures) if figures else None
    if loader:
        body = body.replace("</body>", loader + "\n</body>", 1) if "</body>" in body else body + loader
    check_page(body, loader)
    return body


class PageProblem(Exception):
    pass


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.scripts = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag == "script":
            self.in_script = True
            self.scripts.append([dict(attrs), ""])

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and self.scripts:
            self.scripts[-1][1] += data

    def _check(self, tag, attrs):
        if tag in ("iframe", "object", "embed", "frame", "applet", "base"):
            self.problems.append(f"an <{tag}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"an {name} attribute on <{tag}>")
            if name.lower() in URL_ATTRIBUTES and value:
                scheme = SCHEME.match(_normalised_url(value))
                if scheme and scheme.group(1).lower() in ("javascript", "vbscript"):
                    self.problems.append(f"a {scheme.group(1).lower()}: URL in {name} of <{tag}>")
                if scheme and scheme.group(1).lower() == "data" and not (tag == "img" and SAFE_DATA_URL.match(_normalised_url(value))) and not value.startswith("data:image/svg+xml;base64,"):
                    self.problems.append(f"a data: URL in {name} of <{tag}>")


def check_page(page, loader):
    """Raises PageProblem when the page holds a script other than `loader`, an on* attribute, a
    javascript:/vbscript: URL, a data: URL outside images, or an embedded frame or object."""
    checker = _Checker()
    checker.feed(page)
    checker.close()
    problems = list(checker.problems)
    expected = loader[loader.index(">") + 1 : loader.rindex("</script>")] if loader else None
    for attrs, content in checker.scripts:
        if expected is not None and attrs.get("id") == LOADER_ID and content == expected:
            continue
        problems.append("a <script> other than the figure loader")
    if problems:
        raise PageProblem("the exported page is not safe to publish: " + "; ".join(dict.fromkeys(problems)))
