"""CSS for the app shell: the CJK font everywhere and the 演示模式 (projector) look.
Plain strings, no Streamlit import."""
from __future__ import annotations

FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
              '"Microsoft YaHei", sans-serif')


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
</style>""" + ZH_CSS


# Streamlit's own English words that no parameter reaches, said in Chinese.  Each rule hides the
# English text node and shows the Chinese in a ::after; the English stays in the DOM for screen
# readers' aria labels only.  (What CSS cannot reach is listed in the README: the main menu,
# the 'Running…' status, the too-large-file message and table-toolbar tooltips.)
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


def present_css() -> str:
    """Projector: hide sidebar and chrome, big type, black on white."""
    return """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"], footer { display: none !important; }
.stMainBlockContainer, .block-container { padding-top: 0.6rem !important; padding-bottom: 0.5rem !important;
  max-width: 100% !important; padding-left: 2rem !important; padding-right: 2rem !important; }
.stApp { background: #ffffff !important; color: #000000 !important; }
.stApp p, .stApp li, .stApp label, .stApp span { font-size: 1.35rem; }
.present-title, .slide-no { color: #000000; }
.stButton button { font-size: 1.3rem; min-height: 3rem; }
</style>"""
