"""The whole-library zip: export_library writes manifest.json, originals/<sha256> and the cached
extractions; import_library merges one back, trusting only the originals (parsed again)."""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from dataclasses import asdict
from pathlib import Path
from zlib import error as zlib_error

import lib
from lib.limits import MAX_FILE_BYTES, MAX_FILE_MB, MB
from lib.store.fact_bins import _unpack_facts
from lib.store.fact_store import _current_facts, _fact_corrections_by_sha, _reanchor_fact_corrections
from lib.store.intake import safe_name, sha256
from lib.store.meta import _valid_corrections
from lib.store.records import (AddResult, FACT_FIELDS, LibraryError, Progress, SOURCES, _dump, _loads, _now,
                               _parse_time)


MAX_LIBRARY_ZIP_MB = 200  # a whole exported library: .streamlit/config.toml maxUploadSize
MAX_MANIFEST_BYTES = 32 * MB
MAX_LISTED_ERRORS = 20  # an import lists this many failed reports one by one, then sums up the rest

LIBRARY_FORMAT = "govreport-library"
LIBRARY_FORMAT_VERSION = 1

class LibraryArchive:
    """The whole-library zip (a part of Library)."""

    # -- whole-library export / import --

    def export_library(self, out=None) -> bytes | None:
        """One zip: manifest.json (reports, corrections, sources, times), originals/<sha256>
        and the cached extraction per report (extractions/<sha256>.json).  Returns the bytes
        when `out` (a path or binary file) is None."""
        buf = io.BytesIO() if out is None else None
        target = buf if out is None else out
        with self._read() as con:
            rows = con.execute("SELECT id, sha256, file, original_name, source, added_at, size, corrections "
                               "FROM reports WHERE deleted_at IS NULL ORDER BY id").fetchall()
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                items = []
                for rid, digest, file, oname, source, added, size, corr in rows:
                    data = con.execute("SELECT data FROM originals WHERE sha256 = ?", (digest,)).fetchone()
                    if not data:
                        continue
                    zf.writestr(f"originals/{digest}", bytes(data[0]))
                    ext = con.execute("SELECT id, meta, warnings, sections, text, facts_pack FROM extractions "
                                      "WHERE sha256 = ? AND parser_version = ? AND error IS NULL",
                                      (digest, lib.PARSER_VERSION)).fetchone()
                    if ext:
                        facts = [dict(zip(FACT_FIELDS, f)) for f in zip(*_unpack_facts(con, ext[0], ext[5]))]
                        zf.writestr(f"extractions/{digest}.json", _dump(
                            {"parser_version": lib.PARSER_VERSION, "meta": _loads(ext[1], {}),
                             "warnings": _loads(ext[2], []), "sections": _loads(ext[3], []),
                             "text": ext[4], "facts": facts}))
                    items.append({"sha256": digest, "file": file, "original_name": oname, "source": source,
                                  "added_at": added, "size": size, "corrections": _loads(corr, {}),
                                  "fact_corrections": [c.as_json() for c in
                                                       _fact_corrections_by_sha(con, {digest}).get(digest, [])]})
                zf.writestr("manifest.json", json.dumps(
                    {"format": LIBRARY_FORMAT, "version": LIBRARY_FORMAT_VERSION, "exported_at": _now(),
                     "parser_version": lib.PARSER_VERSION, "reports": items}, ensure_ascii=False, indent=1))
        return buf.getvalue() if buf is not None else None

    def import_library(self, source, name: str = "", progress: Progress = None) -> list[AddResult]:
        """Merge a library file made by `export_library` (a path, bytes or binary file).
        Content already present is skipped; each report is its own transaction.  A bad
        library file gives a single error AddResult naming it."""
        label = safe_name(name or (Path(source).name if isinstance(source, (str, os.PathLike)) else "库文件"))
        try:
            if isinstance(source, (bytes, bytearray)):
                if len(source) == 0:
                    raise LibraryError("文件为空")
                zf = zipfile.ZipFile(io.BytesIO(bytes(source)))
            else:
                zf = zipfile.ZipFile(source)
            with zf:
                if zf.getinfo("manifest.json").file_size > MAX_MANIFEST_BYTES:
                    raise LibraryError("库文件清单过大,可能已损坏")
                manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
                if not isinstance(manifest, dict) or manifest.get("format") != LIBRARY_FORMAT:
                    raise LibraryError("不是政报对比导出的库文件")
                items = manifest.get("reports")
                if not isinstance(items, list):
                    raise LibraryError("库文件清单损坏")
                return self._import_items(zf, items, label, progress)
        except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError, OSError) as exc:
            why = "不是有效的库文件(zip)" if isinstance(exc, (zipfile.BadZipFile, EOFError)) else \
                "缺少清单 manifest.json" if isinstance(exc, KeyError) else f"文件损坏({type(exc).__name__})"
            return [AddResult(label, "error", f"无法导入「{label}」:{why}")]
        except LibraryError as exc:
            return [AddResult(label, "error", f"无法导入「{label}」:{exc}")]

    def _import_items(self, zf: zipfile.ZipFile, items: list, label: str, progress: Progress) -> list[AddResult]:
        """The manifest is untrusted: an entry without a valid hash or an original of its own
        (20,000 bogus entries, the same content listed twice) is counted and summed up in one
        result, and past MAX_LISTED_ERRORS failures the rest are summed up too."""
        results, invalid, seen, failed = [], [], set(), 0
        for i, item in enumerate(items):
            item = item if isinstance(item, dict) else {}
            file = safe_name(item.get("file") if isinstance(item.get("file"), str) else f"第{i + 1}份报告")
            if progress and (i % 50 == 0 or i == len(items) - 1):
                progress(i, len(items), file)
            digest = item.get("sha256")
            if not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)) or digest in seen \
                    or f"originals/{digest}" not in zf.NameToInfo:
                invalid.append(file)
                continue
            seen.add(digest)
            res = self._import_one(zf, item, digest, file)
            if res.status == "error":
                failed += 1
                if failed > MAX_LISTED_ERRORS:
                    continue
            results.append(res)
        if progress:
            progress(len(items), len(items), "")
        if failed > MAX_LISTED_ERRORS:
            results.append(AddResult(label, "error", f"「{label}」中另有 {failed - MAX_LISTED_ERRORS} 份报告未能导入"
                                                      "(原因与上面列出的相同或相近)"))
        if invalid:
            results.append(AddResult(label, "error", f"「{label}」的清单中有 {len(invalid)} 条记录无效(内容哈希缺失或"
                                                      f"重复,或没有对应的原始文件),已跳过;例如「{invalid[0]}」"))
        return results

    def _import_one(self, zf: zipfile.ZipFile, item: dict, digest: str, file: str) -> AddResult:
        """One manifest entry.  Only the original is taken, after its hash is checked, and
        parsed again: the cached extraction in the zip is never trusted (a value "abc" or a
        forged province would be stored as they are).  Content already present is found before
        its member is read."""
        dup = self._find_live(digest, None)
        if dup:
            return AddResult(file, "duplicate", f"「{file}」已在库中(与「{dup[1]}」内容相同),未重复保存",
                             report_id=dup[0])
        try:
            info = zf.getinfo(f"originals/{digest}")
            if info.file_size > MAX_FILE_BYTES:
                return AddResult(file, "error", f"「{file}」:原始文件太大,单个文件上限为 {MAX_FILE_MB} MB")
            data = zf.read(info)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib_error) as exc:
            return AddResult(file, "error", f"「{file}」:库文件中的原始文件已损坏({type(exc).__name__})")
        if sha256(data) != digest:
            return AddResult(file, "error", f"「{file}」:原始文件与记录的哈希不符,已跳过")
        source = item.get("source") if item.get("source") in SOURCES else "import"
        added = item.get("added_at")
        added = added if isinstance(added, str) and _parse_time(added).year > 1 and len(added) < 40 else None
        original = item.get("original_name")
        res = self._add(data, file, source, pasted=(source == "paste"), added_at=added,
                        corrections=_valid_corrections(item.get("corrections")),
                        original_name=original if isinstance(original, str) else file)
        if res.status == "added":
            self._import_fact_corrections(digest, item.get("fact_corrections"))
        return res

    def _import_fact_corrections(self, digest: str, items) -> int:
        """The fact corrections of an imported report (malformed ones are skipped)."""
        from lib.store.corrections import FactCorrection
        from lib.store.anchors import ReviewError

        good = []
        for raw in items if isinstance(items, list) else []:
            try:
                good.append(FactCorrection.from_json(raw, digest))
            except ReviewError:
                continue
        if good:
            with self.transaction() as con:
                for c in good:
                    con.execute("INSERT INTO fact_corrections (sha256, action, anchor, changes, created_at, note) "
                                "VALUES (?,?,?,?,?,?)", (digest, c.action, _dump(asdict(c.anchor)),
                                                         _dump(c.changes), c.created_at or _now(), c.note))
                _reanchor_fact_corrections(con, digest, *_current_facts(con, digest))
        return len(good)
