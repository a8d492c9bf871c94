#!/usr/bin/env python3
"""The README's examples are real: each fenced block that follows a `<!-- readme-test: ARGS -->`
marker must equal what `ecr-lifecycle ARGS` prints (stdout, then stderr), run from the
repository root. `--update` rewrites the blocks from real output."""
import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

MARKER = re.compile(r"<!-- readme-test: (.*?) -->\n```[a-z]*\n(.*?)```\n", re.S)


def run(binary: str, args: str, root: Path) -> str:
    done = subprocess.run([binary, *shlex.split(args)], cwd=root, capture_output=True,
                          text=True, timeout=60)
    return done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--readme", default=str(Path(__file__).resolve().parents[1] / "README.md"))
    parser.add_argument("--update", action="store_true")
    options = parser.parse_args()
    readme = Path(options.readme)
    root = readme.parent
    text = readme.read_text()
    failures = 0
    blocks = 0

    def replace(match: re.Match) -> str:
        nonlocal failures, blocks
        blocks += 1
        args, shown = match.group(1), match.group(2)
        actual = run(options.binary, args, root)
        if actual != shown:
            failures += 1
            print(f"README block for `ecr-lifecycle {args}` differs from the real output:")
            print(actual)
        if not options.update:
            return match.group(0)
        return f"<!-- readme-test: {args} -->\n```\n{actual}```\n"

    updated = MARKER.sub(replace, text)
    if options.update:
        readme.write_text(updated)
        print(f"{blocks} README blocks rewritten")
        return 0
    if blocks == 0:
        print("no readme-test blocks found")
        return 1
    print(f"{blocks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
