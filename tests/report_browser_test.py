"""The html report in a real browser, offline: headless Chromium opens the page written by
`preview --format html`, and the test checks that

- the page asks for nothing outside itself: no http(s) address, src, href, url() or @import
  in the file, and Chromium, whose every request goes to a proxy this test listens on
  (loopback included), sends that proxy nothing but the browser's own background calls to
  Google's update, clock and account services (which no page can cause);
- the DOM (after the inline sorting script ran) holds the totals of `--format json`;
- screenshots at 1280x800 and 400x800 are not blank (decoded with zlib, no imaging library).

Usage: report_browser_test.py BINARY [--screenshot PNG]  (--screenshot also writes the
1280x800 shot there: the README's picture, docs/report.png). Exit 77 (ctest: skipped) with a
message when Chromium is not installed; CI installs it (.ci/install-deps, which .ci/run runs
through tests/run_all.sh), so there it runs.
"""

import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = "2025-03-15T00:00:00Z"


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# Chromium's own background traffic (component updates, its secure clock, account checks):
# made by the browser whatever the page, so not a fetch of the page's.
BROWSER_HOSTS = re.compile(
    r"^(CONNECT |GET http://|POST http://)(clients\d*\.google\.com|update\.googleapis\.com|"
    r"accounts\.google\.com|[a-z0-9.-]*\.gvt1\.com|optimizationguide-pa\.googleapis\.com|"
    r"content-autofill\.googleapis\.com|safebrowsing\.googleapis\.com)[:/]")


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class TrapProxy:
    """A proxy that answers nothing and counts every connection: any is a fetch."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(1)
            try:
                self.requests.append(conn.recv(512).split(b"\r\n")[0].decode("latin-1"))
            except OSError:
                self.requests.append("(connection)")
            conn.close()

    def close(self):
        self.sock.close()


def run_chromium(chromium, proxy, profile, url, *args):
    command = [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-default-apps", "--disable-extensions", "--disable-sync",
               "--user-data-dir=" + profile,
               "--proxy-server=http://127.0.0.1:%d" % proxy.port,
               "--proxy-bypass-list=<-loopback>", *args, url]
    run = subprocess.run(command, capture_output=True, timeout=120, check=False)
    if run.returncode != 0:
        fail("chromium exited %d: %s" % (run.returncode, run.stderr.decode()[-2000:]))
    return run.stdout.decode("utf-8", "replace")


def png_pixels(path):
    """(width, height, rows of bytes per pixel) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + " is not a PNG")
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            if depth != 8 or color not in (2, 6):
                fail("unexpected PNG format: depth %d colour type %d" % (depth, color))
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def check_not_blank(path, width, height):
    w, h, channels, rows = png_pixels(path)
    if (w, h) != (width, height):
        fail("%s is %dx%d, expected %dx%d" % (path, w, h, width, height))
    colours, inked = set(), 0
    for row in rows[::4]:
        for x in range(0, len(row), channels * 4):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if sum(pixel) < 600:  # not white or near white
                inked += 1
    sampled = (h // 4) * (w // 4)
    if len(colours) < 8 or inked < sampled // 100:
        fail("%s looks blank: %d colours, %d of %d sampled pixels inked"
             % (path, len(colours), inked, sampled))
    print("%s: %dx%d, %d colours, %.1f%% inked" % (path, w, h, len(colours), 100 * inked / sampled))


def check_self_contained(html):
    for pattern in (r"https?:", r"\bsrc\s*=", r"\bhref\s*=", r"url\(", r"@import", r"<link\b",
                    r"<img\b", r"<iframe\b"):
        found = re.search(pattern, html, re.IGNORECASE)
        if found:
            start = max(0, found.start() - 60)
            fail("the page refers to something outside itself (%s): ...%s..."
                 % (pattern, html[start:found.end() + 60]))


def main():
    binary = sys.argv[1]
    screenshot_out = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--screenshot" else None
    chromium = find_chromium()
    if chromium is None:
        print("SKIPPED: chromium is not installed (apt-get install chromium; CI installs it)")
        sys.exit(77)
    work = tempfile.mkdtemp(prefix="ecrlc-browser-")
    try:
        # Run from the repository root so that the page names the files as the README does.
        binary = os.path.abspath(binary)
        base = [binary, "preview", "--policy", "fixtures/examples/policy.json", "--images",
                "fixtures/examples/inventory.json", "--now", NOW, "--horizon", "30d"]
        report = os.path.join(work, "report.html")
        run = subprocess.run(base + ["--format", "html", "--output", report], capture_output=True,
                             check=False, cwd=ROOT)
        if run.returncode != 0:
            fail("preview --format html exited %d: %s" % (run.returncode, run.stderr.decode()))
        run = subprocess.run(base + ["--format", "json"], capture_output=True, check=False,
                             cwd=ROOT)
        report_json = json.loads(run.stdout)
        with open(report, encoding="utf-8") as f:
            html = f.read()
        check_self_contained(html)

        proxy = TrapProxy()
        # The trap itself: a page that does fetch something must show up at the proxy.
        control = os.path.join(work, "control.html")
        with open(control, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><img src="http://report-test.invalid/x.png">')
        run_chromium(chromium, proxy, os.path.join(work, "profile"), "file://" + control,
                     "--dump-dom")
        if not any("report-test.invalid" in r for r in proxy.requests):
            fail("the proxy trap saw no request from a page that fetches: %s" % proxy.requests)
        proxy.requests.clear()
        url = "file://" + report
        dom = run_chromium(chromium, proxy, os.path.join(work, "profile"), url, "--dump-dom")
        totals, storage = report_json["totals"], report_json["storage"]
        footer = re.search(r"<tfoot>(.*?)</tfoot>", dom, re.S)
        if not footer:
            fail("no total row in the DOM")
        for value in (totals["images"], totals["expiring"], totals["transitioning"],
                      totals["kept"], storage["bytesFreed"], totals["bytesTransitioned"]):
            if 'data-v="%d"' % value not in footer.group(1):
                fail("the total row lacks %d (--format json): %s" % (value, footer.group(1)))
        monthly = "$%.2f" % report_json["cost"]["monthlyBefore"]
        if monthly not in dom:
            fail("the DOM lacks the monthly cost " + monthly)
        if "<button type=\"button\">" not in dom:
            fail("the sorting script did not run (no header buttons in the DOM)")
        for shot, width, height in (("wide.png", 1280, 800), ("narrow.png", 400, 800)):
            path = os.path.join(work, shot)
            run_chromium(chromium, proxy, os.path.join(work, "profile"), url,
                         "--hide-scrollbars", "--window-size=%d,%d" % (width, height),
                         "--screenshot=" + path)
            check_not_blank(path, width, height)
            if screenshot_out and shot == "wide.png":
                shutil.copyfile(path, screenshot_out)
        proxy.close()
        fetched = [r for r in proxy.requests if not BROWSER_HOSTS.match(r)]
        if fetched:
            fail("the page fetched something: %s" % fetched)
        print("ok: offline, totals in the DOM, screenshots not blank")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
