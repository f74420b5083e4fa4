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
        the backup that damaged_message offers.  A backup that cannot be made stops nothing."""
        bak = self.backup_path()
        try:
            if bak.is_file() and time.time() - bak.stat().st_mtime < BACKUP_EVERY_HOURS * 3600:
                return
            if not self.count(include_deleted=True):
                return
            tmp = bak.with_name(f"{bak.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            self.backup(tmp)
            os.replace(tmp, bak)
        except (OSError, sqlite3.Error):
            pass


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
