"""CSS for the app shell: the CJK font everywhere and the 演示模式 (projector) look.
Plain strings, no Streamlit import."""
from __future__ import annotations

import json
from functools import lru_cache

from lib.lang.data import rows

# The one CJK font stack (Debian: fonts-noto-cjk first), for CSS here and for every Plotly chart
# (lib/charts/style.FONT); .streamlit/config.toml repeats it (a test keeps them equal).
FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
         "sans-serif")
FONT_STACK = ", ".join(f if f == "sans-serif" else f'"{f}"' for f in FONTS)  # CSS font-family
PLOTLY_FONT = ", ".join(FONTS)  # Plotly's font.family takes the names unquoted


def base_css() -> str:
    return f"""<style>
.report-text, .slide-no {{ font-family: {FONT_STACK}; }}
mark.fig {{ background: #ffe08a; color: #111; padding: 0 2px; border-radius: 3px; }}
mark.fig.focus {{ background: #c0392b; color: #fff; outline: 3px solid #c0392b; }}
span.ev {{ text-decoration: underline dotted #c0392b 1.5px; text-underline-offset: 4px; }}
.report-text sup {{ color: #c0392b; font-weight: 700; font-size: 0.7em; margin-left: 1px; }}
.report-text {{ white-space: pre-wrap; line-height: 1.9; font-size: 1.02rem; max-height: 70vh;
  overflow-y: auto; padding: 0.8rem 1rem; border: 1px solid rgba(128,128,128,.35); border-radius: 6px; }}
.slide-no {{ text-align: center; font-size: 1.5rem; font-weight: 600; }}
.slide-no {{ line-height: 1.15; }} .slide-no .slide-group {{ font-size: 1.35rem; font-weight: 600; }}
.present-title {{ font-size: 2.3rem; font-weight: 800; line-height: 1.2; }}
@media (max-width: 640px) {{ .stMainBlockContainer {{ padding-top: 3.5rem; }} }}  /* a phone: no blank top fifth */
</style>""" + ZH_CSS


# Streamlit's own English words that no parameter reaches, said in Chinese.  Each rule hides the
# English text node and shows the Chinese in a ::after; the English stays in the DOM for screen
# readers' aria labels only.  What CSS cannot reach (the status widget, the table toolbar's
# tooltips and menus, the uploader's refusal of a file) zh_js() says in Chinese.
ZH_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "或把文件拖到这里"; font-size: 0.8rem; }
[role="listbox"][data-empty="true"] [role="option"] span { font-size: 0; }
[role="listbox"][data-empty="true"] [role="option"] span::after { content: "没有匹配的选项"; font-size: 0.9rem; }
[data-testid="InputInstructions"] { display: none; }
.js-plotly-plot .plotly .modebar-btn[data-title="Fullscreen"]::after { content: "全屏"; }
.js-plotly-plot .plotly .modebar-btn[data-title="Close fullscreen"]::after { content: "退出全屏"; }
[data-testid="stElementToolbar"] button[aria-label="Download as CSV"],
[data-testid="stElementToolbar"] button[aria-label="Show/hide columns"] { display: none; }
</style>"""


def present_css(theme: str = "light") -> str:
    """Projector: hide sidebar and chrome, big type, the theme's page at full contrast (black on
    white, or white on the dark theme's near-black) and buttons that read on it."""
    bg, fg = ("#111418", "#f2f2f2") if theme == "dark" else ("#ffffff", "#000000")
    return """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"], footer { display: none !important; }
.stMainBlockContainer, .block-container { padding-top: 0.6rem !important; padding-bottom: 0.5rem !important;
  max-width: 100% !important; padding-left: 2rem !important; padding-right: 2rem !important; }
.stApp { background: BG !important; color: FG !important; }
.stApp p, .stApp li, .stApp label, .stApp span { font-size: 1.35rem; }
.present-title, .slide-no { color: FG; }
.stButton button { font-size: 1.3rem; min-height: 3rem; background: BG !important; color: FG !important;
  border: 2px solid FG !important; }
.stButton button:hover, .stButton button:focus-visible { background: FG !important; color: BG !important; }
.stButton button p { color: inherit !important; }
@media (max-width: 640px) {
  .present-title { font-size: 1.4rem; } .slide-no { font-size: 1.1rem; }
  .stButton button { font-size: 1rem; min-height: 2.4rem; padding: 0 0.4rem; }
  .stApp p, .stApp li, .stApp label, .stApp span { font-size: 1rem; }
  .stMainBlockContainer, .block-container { padding-left: 0.5rem !important; padding-right: 0.5rem !important; }
  /* the slide buttons three to a row under the title, not one a row filling the phone's screen */
  [data-testid="stHorizontalBlock"]:has(.present-title) > [data-testid="stColumn"] {
    min-width: calc(33% - 12px) !important; }
  [data-testid="stHorizontalBlock"]:has(.present-title) > [data-testid="stColumn"]:has(.present-title) {
    min-width: 100% !important; }
  [data-testid="stHorizontalBlock"]:has(.present-title) > [data-testid="stColumn"]:has(input[type="checkbox"]) {
    min-width: calc(66% - 12px) !important; }
}
</style>""".replace("BG", bg).replace("FG", fg) + slide_zoom_css()


# A slide is drawn for a projector: 40 px titles, 24 px labels.  On a screen narrower than
# SLIDE_MIN_PX the chart is laid out SLIDE_MIN_PX wide and shrunk to fit (CSS zoom, in steps), the
# way a slide shows on a phone, instead of cutting its title and value labels at the right edge.
SLIDE_MIN_PX = 960
SLIDE_PX = 860  # the slide's height (lib.present.slides.PRESENT_FIG_PX)


def slide_zoom_css(step: int = 40, narrowest: int = 280) -> str:
    """The chart's block is laid out SLIDE_MIN_PX wide (Streamlit and Plotly size the chart to it)
    and the drawing inside the chart is scaled down to the screen, its left-over height taken back.
    Only the drawing is scaled (an ancestor's transform makes Streamlit and Plotly shrink the chart
    a second time), so Plotly's hover would miss: on a narrow screen the slide is a picture."""
    rules = [f"@media (max-width: {SLIDE_MIN_PX + 63}px) {{"
             f" .st-key-slide {{ width: {SLIDE_MIN_PX}px !important; min-width: {SLIDE_MIN_PX}px !important; }}"
             f" .st-key-slide .plot-container {{ transform-origin: top left; pointer-events: none; }}"
             f" [data-testid=\"stLayoutWrapper\"]:has(> .st-key-slide) {{ overflow: hidden; }} }}"]
    for lo in range(narrowest, SLIDE_MIN_PX + 64, step):
        pad = 16 if lo <= 640 else 64  # the page's side padding in presentation (above)
        zoom = min(1.0, (lo - pad) / SLIDE_MIN_PX)
        rules.append(f"@media (min-width: {lo}px) and (max-width: {lo + step - 1}px) {{"
                     f" .st-key-slide .plot-container {{ transform: scale({zoom:.3f}); }}"
                     f" .st-key-slide [data-testid=\"stPlotlyChart\"] {{ margin-bottom: {-(1 - zoom) * SLIDE_PX:.0f}px; }} }}")
    return "<style>\n" + "\n".join(rules) + "\n</style>"


# The buttons the projector's keys press (their labels in app_pages/compare.py).
SLIDE_KEYS = {"ArrowRight": "下一张", "PageDown": "下一张", " ": "下一张",
              "ArrowLeft": "上一张", "PageUp": "上一张", "Home": "首张", "End": "末张"}


def present_keys_js() -> str:
    """Keyboard and clicker paging: → PageDown Space next, ← PageUp back, Home/End first/last.
    A key presses the on-screen button with that label, so it does exactly what a click does;
    keys typed into a picker's search box are left alone; installed once per browser tab."""
    keys = ",".join(f'{k!r}:{v!r}'.replace("'", '"') for k, v in SLIDE_KEYS.items())
    return """<script>
(() => {
  if (window.__zbSlideKeys) return;
  window.__zbSlideKeys = true;
  const KEYS = {%s};
  document.addEventListener("keydown", (e) => {
    const label = KEYS[e.key];
    if (!label || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const btn = Array.from(document.querySelectorAll(".stButton button"))
      .find(b => b.innerText.includes(label) && !b.disabled);
    if (!btn) return;  // not presenting: the key keeps its usual meaning
    e.preventDefault();
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    btn.click();
  }, true);
})();
</script>""" % keys


@lru_cache(maxsize=1)
def streamlit_zh() -> tuple[dict, list]:
    """lib/data/streamlit_zh.csv -> ({english: chinese}, [(pattern, chinese with $1)])."""
    exact, patterns = {}, []
    for row in rows("streamlit_zh.csv", ("english", "chinese")):
        en, zh = row["english"], row["chinese"]
        if "(.*)" in en:
            patterns.append(("^" + en.replace(".", "\\.").replace("(\\.*)", "(.*)") + "$", zh))
        else:
            exact[en] = zh
    return exact, patterns


def zh_js() -> str:
    """Say Streamlit's remaining English in Chinese, in the page: a text node (or a placeholder or
    title) that is exactly one of streamlit_zh()'s phrases is rewritten, now and whenever Streamlit
    draws it again (tooltips, the status widget, the uploader's 'File must be 20.0MB or smaller.').
    Report text, code and charts are never touched.  Installed once per browser tab."""
    exact, patterns = streamlit_zh()
    return """<script>
(() => {
  if (window.__zbZh) return;
  window.__zbZh = true;
  const EXACT = %s, PATTERNS = %s.map(([p, zh]) => [new RegExp(p), zh]);
  const SKIP = '.report-text, code, pre, .js-plotly-plot, textarea';
  const say = (s) => {
    const t = s.trim();
    if (!t || t.length > 80) return null;
    if (EXACT[t]) return s.replace(t, EXACT[t]);
    for (const [re, zh] of PATTERNS) { const m = t.match(re); if (m) return s.replace(t, zh.replace('$1', m[1])); }
    return null;
  };
  const fixText = (n) => {
    const el = n.parentElement;
    if (!el || el.closest(SKIP)) return;
    const zh = say(n.nodeValue);
    if (zh !== null && zh !== n.nodeValue) n.nodeValue = zh;
  };
  const fixAttrs = (el) => {
    for (const a of ['placeholder', 'title']) {
      const v = el.getAttribute && el.getAttribute(a);
      const zh = v ? say(v) : null;
      if (zh !== null && zh !== v) el.setAttribute(a, zh);
    }
  };
  const fixTree = (root) => {
    if (root.nodeType === 3) return fixText(root);
    if (root.nodeType !== 1 || root.closest(SKIP)) return;
    fixAttrs(root);
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) fixText(w.currentNode);
    root.querySelectorAll('[placeholder], [title]').forEach(fixAttrs);
  };
  new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.type === 'characterData') fixText(m.target);
      else if (m.type === 'attributes') fixAttrs(m.target);
      else m.addedNodes.forEach(fixTree);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: ['placeholder', 'title']});
  fixTree(document.body);
})();
</script>""" % (json.dumps(exact, ensure_ascii=False), json.dumps(patterns, ensure_ascii=False))


FAVICON_BARS = ((8, 26, 40), (26, 14, 52), (44, 34, 22))  # (left, top, height) of three bars on 64 px


@lru_cache(maxsize=1)
def favicon_png() -> bytes:
    """The browser tab's icon: three bars in the app's red, drawn here as a PNG.  Not an emoji (an
    emoji makes Streamlit load its emoji catalogue, ~0.5 s of CPU on the first visitor's render)
    and not a Material icon (the browser would fetch that one from fonts.gstatic.com)."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for left, top, height in FAVICON_BARS:
        draw.rectangle((left, top, left + 13, top + height), fill="#c0392b")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
