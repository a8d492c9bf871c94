#!/usr/bin/env python3
"""What people see, end to end through the binary: `--output FILE` on diff and lint (the same
bytes as standard output, never over an input), and tables fitted to a width (`--width N`,
a terminal's columns or COLUMNS through a pseudo-terminal) or shown whole (`--wide`), while
pipes and files keep the full layout whatever COLUMNS says.

Usage: table_width_output_test.py BINARY
"""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "fixtures" / "examples"
OPS = ROOT / "fixtures" / "ops"
NOW = "2025-03-15T00:00:00Z"
PREVIEW = ["preview", "--policy", str(EXAMPLES / "policy.json"), "--images",
           str(EXAMPLES / "inventory.json"), "--now", NOW]
DIFF = ["diff", "--policy", str(OPS / "policy-old.json"), "--policy", str(OPS / "policy-new.json"),
        "--images", str(OPS / "inventory.json"), "--now", "2025-06-01T00:00:00Z"]
ELLIPSIS = "\u2026"


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL: {message}")


def run(binary, args, env=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=60,
                          env=env)


def table_lines(text):
    """The lines of the tables: everything but the sentences, which a terminal wraps."""
    sentences = ("Evaluated at", "Storage:", "Monthly storage", "Bytes freed", "Forecast to",
                 "5 images change", "OLD ", "NEW ", "Referrers that", "Per rule", "Per repository",
                 "20 images kept")
    return [line for line in text.splitlines() if line and not line.startswith(sentences)]


def check_output_option(binary, folder):
    # diff --output: the bytes standard output would have had, and nothing on standard output.
    for fmt in ("table", "json", "markdown"):
        expected = run(binary, DIFF + ["--format", fmt])
        check(expected.returncode == 0, f"diff {fmt}: {expected.stderr}")
        target = folder / f"diff.{fmt}"
        written = run(binary, DIFF + ["--format", fmt, "--output", str(target)])
        check(written.returncode == 0 and written.stdout == "", f"diff --output: {written}")
        check(target.read_text() == expected.stdout, f"diff --output {fmt} differs from stdout")
    # ... and never over one of its inputs.
    policy = OPS / "policy-new.json"
    before = policy.read_bytes()
    refused = run(binary, DIFF + ["--output", str(policy)])
    check(refused.returncode == 2 and str(policy) in refused.stderr,
          f"diff --output over its NEW policy: {refused.returncode} {refused.stderr}")
    check(policy.read_bytes() == before, "diff --output changed its input")

    # lint --output: json/sarif/github as on standard output, text as on standard error;
    # the exit status is the one without --output.
    bad = ROOT / "fixtures" / "readme" / "bad-policy.json"
    for fmt, stream in (("json", "stdout"), ("sarif", "stdout"), ("github", "stdout"),
                        ("text", "stderr")):
        expected = run(binary, ["lint", "--format", fmt, str(bad)])
        check(expected.returncode == 1, f"lint {fmt}: {expected.returncode}")
        target = folder / f"lint.{fmt}"
        written = run(binary, ["lint", "--format", fmt, "--output", str(target), str(bad)])
        check(written.returncode == 1 and written.stdout == "" and written.stderr == "",
              f"lint --output {fmt}: {written.returncode} {written.stdout!r} {written.stderr!r}")
        check(target.read_text() == getattr(expected, stream),
              f"lint --output {fmt} differs from {stream}")
    before = bad.read_bytes()
    refused = run(binary, ["lint", "--format", "json", "--output", str(bad), str(bad)])
    check(refused.returncode == 2 and "lint: error:" in refused.stderr,
          f"lint --output over its input: {refused.returncode} {refused.stderr}")
    check(bad.read_bytes() == before, "lint --output changed its input")


def check_widths(binary):
    natural = run(binary, PREVIEW + ["--all"]).stdout
    check(max(len(line) for line in table_lines(natural)) > 100, "the example is wider than 100")
    # A pipe keeps the full layout, COLUMNS or not.
    env = dict(os.environ, COLUMNS="60")
    check(run(binary, PREVIEW + ["--all"], env).stdout == natural, "COLUMNS changed a pipe")
    for width in (80, 100):
        fitted = run(binary, PREVIEW + ["--all", "--width", str(width)])
        check(fitted.returncode == 0, f"--width {width}: {fitted.stderr}")
        lines = table_lines(fitted.stdout)
        too_wide = [line for line in lines if len(line) > width]
        check(not too_wide, f"--width {width}: lines wider: {too_wide}")
        check("49521c0e" + ELLIPSIS in fitted.stdout, f"--width {width}: digest\n{fitted.stdout}")
        check("rule 2: more than" in fitted.stdout, f"--width {width}: reasons")
        diff = run(binary, DIFF + ["--width", str(width)]).stdout
        check(all(len(line) <= width for line in table_lines(diff)),
              f"diff --width {width}:\n{diff}")
        explain = run(binary, ["explain", "--policy", str(EXAMPLES / "policy.json"), "--images",
                               str(EXAMPLES / "inventory.json"), "--now", NOW, "--width",
                               str(width), "49521c0e8838"]).stdout
        check("sha256:49521c0e" in explain and ELLIPSIS in explain, f"explain:\n{explain}")
        check(all(len(line) <= width for line in explain.splitlines()
                  if not line.startswith(("Outcome:", "Consequence:"))),
              f"explain --width {width}:\n{explain}")
    # plan: the summary it prints is fitted, summary.txt never is.
    with tempfile.TemporaryDirectory(prefix="ecrlc-plan-") as folder:
        plan = ["plan", "--policies", str(OPS / "policies"), "--images", str(OPS / "inventory.json"),
                "--now", "2025-06-01T00:00:00Z"]
        whole = run(binary, plan + ["--out", folder + "/whole"])
        fitted = run(binary, plan + ["--out", folder + "/fitted", "--width", "90"])
        narrow = run(binary, plan + ["--out", folder + "/narrow", "--width", "80"])
        check(whole.returncode == 0 and fitted.returncode == 0, f"plan: {fitted.stderr}")
        rows = [line for line in fitted.stdout.splitlines() if line.startswith("team/app")]
        check(rows and all(len(line) <= 90 for line in rows) and ELLIPSIS in fitted.stdout,
              f"plan --width 90:\n{fitted.stdout}")
        rows = [line for line in narrow.stdout.splitlines() if line.startswith("REPOSITORY")]
        check(rows == ["REPOSITORY  RULE  ACTION  IMAGES  SIZE       PROTECTED  PROTECTED SIZE"],
              f"plan --width 80 leaves POLICY out:\n{narrow.stdout}")
        check(fitted.stdout != whole.stdout, "plan --width changed nothing")
        check((Path(folder) / "whole" / "summary.txt").read_bytes() ==
              (Path(folder) / "fitted" / "summary.txt").read_bytes(), "summary.txt was fitted")
    wide = run(binary, PREVIEW + ["--all", "--wide"]).stdout
    check(ELLIPSIS not in wide, f"--wide shortened something:\n{wide}")
    check("sha256:49521c0e8838" in wide, "--wide: whole digests")
    check("rule 2: more than 7 days since pushed (29 days)" in wide, "--wide: whole reasons")
    both = run(binary, PREVIEW + ["--wide", "--width", "80"])
    check(both.returncode == 2 and "excludes" in both.stderr, f"--wide --width: {both.stderr}")


def run_on_terminal(binary, args, columns, env_columns=None):
    """Runs the binary with a pseudo-terminal of `columns` columns as standard output."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if env_columns is not None:
        env["COLUMNS"] = env_columns
    process = subprocess.Popen([binary, *args], stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    check(process.wait(timeout=60) == 0, f"on a terminal: {process.stderr.read()}")
    return b"".join(chunks).decode().replace("\r\n", "\n")


def check_terminal(binary):
    for columns in (80, 100):
        text = run_on_terminal(binary, PREVIEW + ["--all"], columns)
        too_wide = [line for line in table_lines(text) if len(line) > columns]
        check(not too_wide, f"terminal of {columns}: lines wider: {too_wide}")
        check("49521c0e" + ELLIPSIS in text, f"terminal of {columns}:\n{text}")
    # COLUMNS, when it is a number, is the user's say over the window size.
    text = run_on_terminal(binary, PREVIEW + ["--all"], 200, env_columns="80")
    check(max(len(line) for line in table_lines(text)) <= 80, f"COLUMNS=80 on 200:\n{text}")
    text = run_on_terminal(binary, PREVIEW + ["--all"], 80, env_columns="junk")
    check(max(len(line) for line in table_lines(text)) <= 80, f"COLUMNS=junk:\n{text}")
    # --wide on a terminal shows everything.
    text = run_on_terminal(binary, PREVIEW + ["--all", "--wide"], 80)
    check("sha256:49521c0e8838" in text, f"--wide on a terminal:\n{text}")
    # --output FILE from a terminal: the file gets the full layout.
    with tempfile.TemporaryDirectory(prefix="ecrlc-width-") as folder:
        target = Path(folder) / "preview.txt"
        run_on_terminal(binary, PREVIEW + ["--all", "--output", str(target)], 80)
        check(target.read_text() == run(binary, PREVIEW + ["--all"]).stdout,
              "--output from a terminal was fitted")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="ecrlc-output-") as folder:
        check_output_option(binary, Path(folder))
    check_widths(binary)
    check_terminal(binary)
    print("ok: --output on diff and lint; tables fit --width, terminals and COLUMNS; --wide")


if __name__ == "__main__":
    main()
