"""How much a report file may unpack to: a 政府工作报告 is 10,000–60,000 characters, its
word/document.xml at most a quarter of a megabyte, its PDF under a hundred pages.  The limits
leave a wide margin above that and stop a decompression bomb before it is unpacked
(a 228 KB .docx whose document.xml is 50 MB took 1 GB and 54 s to read)."""

MB = 1_000_000  # one unit everywhere, as Streamlit counts an upload
MAX_FILE_MB = 20  # one report file
MAX_FILE_BYTES = MAX_FILE_MB * MB
MAX_REPORT_CHARS = 2_000_000
MAX_DOCX_XML_BYTES = 16 * MB  # word/document.xml; the largest of 42 real reports: 0.24 MB
MAX_DOCX_UNPACKED_BYTES = 100 * MB  # every part of the package together (images included)
MAX_DOCX_PARAGRAPHS = 20_000  # paragraphs and table rows; the most in 42 real reports: 115
MAX_PDF_PAGES = 1000


def human_size(n: int) -> str:
    """Bytes in the unit Streamlit shows an upload in: MB = 1,000,000 bytes."""
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(1, round(n / 1000))} KB"
