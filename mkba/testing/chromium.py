"""Headless Chromium for the browser tests, driven over the DevTools protocol on a pipe.

``--remote-debugging-pipe`` gives the browser file descriptors 3 (commands in) and 4 (replies
and events out), NUL-separated JSON, so no Python package beyond the standard library is
needed. CI installs the Debian packages chromium and chromium-driver (Playwright's own browser
download does not work on these machines).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["Chromium", "find_chromium", "chromium", "pdf_pages", "pdf_figures"]

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe", "--window-size=1280,900")


def find_chromium() -> str | None:
    """The first Chromium-like browser on PATH, or None."""
    return next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome", "chrome")
                 if shutil.which(n)), None)


class Chromium:
    """Minimal DevTools client: commands with replies, events collected in ``events``."""

    def __init__(self, binary: str, profile: Path) -> None:
        def moved(fd: int) -> int:
            high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            return high

        to_browser_r, self._write = (moved(fd) for fd in os.pipe())
        self._read, from_browser_w = (moved(fd) for fd in os.pipe())

        def wire() -> None:
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._replies: dict[int, dict] = {}
        self._next = 0
        self.session: str | None = None
        self.events: list[dict] = []

    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self._read], [], [], timeout)
        if ready:
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        while b"\0" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\0", 1)
            message = json.loads(raw)
            if "id" in message:
                self._replies[message["id"]] = message
            else:
                self.events.append(message)
                if message.get("method") == "Page.javascriptDialogOpening":
                    self.send("Page.handleJavaScriptDialog", {"accept": True}, wait=False)

    def send(self, method: str, params: dict | None = None, *, browser: bool = False, wait: bool = True,
             timeout: float = 30) -> dict:
        self._next += 1
        ident = self._next
        message = {"id": ident, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        if not wait:
            return {}
        deadline = time.monotonic() + timeout
        while ident not in self._replies:
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            self._pump(0.2)
        reply = self._replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def open(self, page: Path | str) -> None:
        """Open a file (path) or URL in a new tab and wait for its load event."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.events.clear()
        self.send("Page.navigate", {"url": page.as_uri() if isinstance(page, Path) else page})
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError("page did not load")
            self._pump(0.2)

    def settle(self, seconds: float = 0.3) -> None:
        """Collect the events of the next ``seconds`` (e.g. a dialog a script would open)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._pump(0.05)

    def js(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and browser log errors since the page opened."""
        out = []
        for e in self.events:
            method, p = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                out.append(f"console.{p['type']}: {[a.get('value', a.get('description')) for a in p.get('args', [])]}")
            elif method == "Runtime.exceptionThrown":
                out.append(f"exception: {p.get('exceptionDetails', {}).get('text')}")
            elif method == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                out.append(f"log: {p['entry'].get('text')}")
        return out

    def dialogs(self) -> list[dict]:
        return [e for e in self.events if e.get("method") == "Page.javascriptDialogOpening"]

    def close(self) -> None:
        try:
            self.send("Browser.close", browser=True, timeout=5)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._write, self._read):
            try:
                os.close(fd)
            except OSError:
                pass


@contextmanager
def chromium(binary: str) -> Iterator[Chromium]:
    """A started browser with a throw-away profile; closed and cleaned up afterwards."""
    profile = Path(tempfile.mkdtemp(prefix="mkba-chromium-"))
    browser = Chromium(binary, profile)
    try:
        browser.send("Browser.getVersion", browser=True, timeout=60)
        yield browser
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)


# -- reading the tagged PDF Chromium prints (Page.printToPDF with generateTaggedPDF) ------------------

_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<((?:(?!endobj).)*?)>>\s*endobj", re.S)


def _objects(pdf: bytes) -> dict[int, bytes]:
    """The dictionary objects of an uncompressed PDF (Chromium's Skia writes no object streams)."""
    return {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(pdf)}


def pdf_pages(pdf: bytes) -> list[int]:
    """The object numbers of the pages, in page order (the page tree walked from the catalogue)."""
    objects = _objects(pdf)
    root = next(int(m.group(1)) for body in objects.values() if b"/Type /Catalog" in body
                for m in [re.search(rb"/Pages (\d+) 0 R", body)] if m)
    order: list[int] = []

    def walk(n: int) -> None:
        body = objects[n]
        if re.search(rb"/Type /Pages\b", body):
            kids = re.search(rb"/Kids \[([^\]]*)\]", body)
            for ref in re.findall(rb"(\d+) 0 R", kids.group(1) if kids else b""):
                walk(int(ref))
        else:
            order.append(n)

    walk(root)
    return order


def pdf_figures(pdf: bytes) -> list[tuple[str, list[int]]]:
    """Each ``<figure>`` of a tagged PDF as (its text alternative, the page numbers, 1-based, its
    content is drawn on): the structure element /Figure that is no part of another figure, with
    every page its descendants (the chart, the caption) mark content on."""
    objects = _objects(pdf)
    page_no = {n: k + 1 for k, n in enumerate(pdf_pages(pdf))}
    elements = {n: body for n, body in objects.items() if b"/Type /StructElem" in body}

    def parent(body: bytes) -> int | None:
        m = re.search(rb"/P (\d+) 0 R", body)
        return int(m.group(1)) if m else None

    def pages(n: int, seen: set[int]) -> set[int]:
        seen.add(n)
        body = elements[n]
        found = {page_no[int(p)] for p in re.findall(rb"/Pg (\d+) 0 R", body) if int(p) in page_no}
        for ref in re.findall(rb"(\d+) 0 R", body):
            k = int(ref)
            if k in elements and k not in seen and parent(elements[k]) == n:
                found |= pages(k, seen)
        return found

    out = []
    for n, body in sorted(elements.items()):
        up = parent(body)
        if re.search(rb"/S /Figure\b", body) and not (up in elements and re.search(rb"/S /Figure\b", elements[up])):
            alt = b""
            for k in [n] + [int(r) for r in re.findall(rb"(\d+) 0 R", body) if int(r) in elements]:
                m = re.search(rb"/Alt \((.*?)\)\n", elements[k])
                alt = alt or (m.group(1) if m else b"")
            out.append((alt.decode("latin-1").replace("\\(", "(").replace("\\)", ")"), sorted(pages(n, set()))))
    return out
