"""The parser: a report's bytes or text in, a `Report` (and the `Doc` that explains it) out.

Stages, each a module, in the order they run:
readers -> clean -> meta -> sections -> quantities / bind -> pipeline.
"""
from .pipeline import parse_bytes, parse_file, parse_files, parse_text  # noqa: F401
