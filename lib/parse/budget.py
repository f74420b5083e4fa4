"""A time budget for one parse: the work runs in a forked worker process that is stopped when
the budget is spent, so a text that takes too long is refused with a Chinese message and the
app's own process (its web server, every other user's session) never waits on it.

    report = run_with_budget(parse_text, (text, name), name)   # ReadError "处理超时…" when slow

The worker is a fork of the calling process: the parser's tables are already loaded there, and
the function and its arguments need not be picklable (the result must be).  Where fork does not
exist (Windows) the work runs in-process, without a budget.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from typing import Any, Callable

from ..model import ReadError

PARSE_SECONDS = 90.0  # a 2,000,000-character report parses in well under this
ENV_SECONDS = "GOVREPORT_PARSE_SECONDS"


def timeout_reason(seconds: float) -> str:
    return (f"处理超时(超过 {seconds:g} 秒),已停止。文本可能有异常内容"
            "(如极长的无标点段落或大量重复的数字),请检查后再试")


def parse_seconds() -> float:
    """The budget: GOVREPORT_PARSE_SECONDS when set to a positive number, else PARSE_SECONDS."""
    try:
        value = float(os.environ.get(ENV_SECONDS, ""))
    except ValueError:
        return PARSE_SECONDS
    return value if value > 0 else PARSE_SECONDS


def _outcome(fn: Callable, args: tuple) -> tuple:
    """What the worker sends back: picklable, an exception as its parts (a ReadError does not
    survive pickling: its constructor takes two arguments)."""
    try:
        return ("ok", fn(*args))
    except ReadError as exc:
        return ("read", exc.file, exc.reason)
    except MemoryError:
        return ("memory",)
    except BaseException as exc:  # noqa: BLE001 - a parser bug is reported, never a traceback
        return ("error", type(exc).__name__)


def _worker(conn, fn: Callable, args: tuple) -> None:
    out = _outcome(fn, args)
    try:
        conn.send(out)
    except Exception as exc:  # an unpicklable result
        conn.send(("error", type(exc).__name__))
    conn.close()


def _raise(out: tuple, name: str) -> Any:
    kind = out[0]
    if kind == "ok":
        return out[1]
    if kind == "read":
        raise ReadError(out[1], out[2])
    if kind == "memory":
        raise MemoryError()
    raise ReadError(name, f"解析时出错({out[1]}),文件可能已损坏")


def in_process(fn: Callable, args: tuple, name: str, seconds: float | None = None) -> Any:
    """fn(*args) here, without a budget (run_with_budget's signature)."""
    return fn(*args)


def run_with_budget(fn: Callable, args: tuple, name: str, seconds: float | None = None) -> Any:
    """fn(*args) in a worker stopped after `seconds` (default parse_seconds()); its result, or
    the ReadError / MemoryError it raised.  ReadError(name, "处理超时…") when stopped."""
    seconds = parse_seconds() if seconds is None else seconds
    if "fork" not in mp.get_all_start_methods():
        return _raise(_outcome(fn, args), name)
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(there, fn, args), daemon=True)
    proc.start()
    there.close()
    answered = False
    try:
        if not here.poll(seconds):
            raise ReadError(name, timeout_reason(seconds))
        answered = True
        try:
            out = here.recv()
        except EOFError:  # the worker died without a word (killed: out of memory)
            raise ReadError(name, "解析时出错(处理进程意外退出),文件可能过大或已损坏") from None
        return _raise(out, name)
    finally:
        here.close()
        if answered:
            proc.join(2)  # it has answered and is exiting
        if proc.is_alive():
            proc.kill()  # over its budget: stopped now
        proc.join()
