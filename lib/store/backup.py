"""The automatic copy of a library's last good state (`<library>.bak`), the message that offers it
when the library is damaged, a consistent copy on request and the integrity check."""
from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import threading
import time
from pathlib import Path



BACKUP_SUFFIX = ".bak"
BACKUP_EVERY_HOURS = 24
_backups: dict = {}  # backup path -> the thread making it (one at a time per file)
_backups_lock = threading.Lock()


class LibraryBackup:
    """The library's backups (a part of Library)."""

    def backup_path(self) -> Path:
        """Where the automatic copy of the last good state is kept: `<library>.bak`."""
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def damaged_message(self) -> str:
        """A damaged library, in Chinese, with the way back: the last good backup, or an export."""
        msg = f"报告库文件「{self.path}」已损坏(SQLite 完整性检查未通过),为免损失更多内容,没有读写它。"
        bak = self.backup_path()
        if bak.is_file():
            when = _dt.datetime.fromtimestamp(bak.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            msg += f"最近一次完好的备份是「{bak}」({when}):关闭本程序,用它替换损坏的文件即可恢复;"
        msg += "也可以让 --db 或环境变量 GOVREPORT_DB 指向一个新文件,再导入以前导出的整库文件(.zip)。"
        return msg

    def _auto_backup(self) -> None:
        """Copy a library that has just passed its check, at most once every BACKUP_EVERY_HOURS:
        the backup that damaged_message offers.  The copy runs in a thread of its own (10,000
        reports: ≈0.5 GB, 1.3 s that the first page of the day no longer waits for; SQLite's
        backup step lets go of the GIL), not a daemon, so a command-line run finishes it before
        it exits.  A backup that cannot be made stops nothing."""
        bak = self.backup_path()
        try:
            if bak.is_file() and time.time() - bak.stat().st_mtime < BACKUP_EVERY_HOURS * 3600:
                return
            if not self.count(include_deleted=True):
                return
        except (OSError, sqlite3.Error):
            return
        with _backups_lock:
            running = _backups.get(str(bak))
            if running is not None and running.is_alive():
                return
            thread = threading.Thread(target=self._copy_to_backup, args=(bak,), name=f"backup {bak.name}")
            _backups[str(bak)] = thread
            thread.start()

    def _copy_to_backup(self, bak: Path) -> None:
        tmp = bak.with_name(f"{bak.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.backup(tmp)
            os.replace(tmp, bak)
        except (OSError, sqlite3.Error):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def wait_for_backup(self, timeout: float | None = None) -> bool:
        """Wait for this library's automatic copy, if one is being made; True once none is."""
        thread = _backups.get(str(self.backup_path()))
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def backup(self, dest: str | os.PathLike) -> Path:
        """A consistent SQLite copy of the whole library (sqlite3 backup API)."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = self.connect()
        try:
            out = sqlite3.connect(str(dest))
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        return dest

    def integrity_check(self) -> str:
        with self._read() as con:
            return con.execute("PRAGMA integrity_check").fetchone()[0]
