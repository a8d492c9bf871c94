#!/usr/bin/env python3
"""`ecr-lifecycle completion bash|zsh|fish`: each script is valid for its shell and completes
subcommands, options and option values of the binary's own definition. bash and fish are
asked for real completions; zsh is checked for syntax (its completion system needs a
terminal).

Usage: completion_test.py BINARY
"""

import os
import shutil
import subprocess
import sys
import tempfile


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL: {message}")


def script(binary, shell):
    run = subprocess.run([binary, "completion", shell], capture_output=True, text=True)
    check(run.returncode == 0 and run.stderr == "", f"completion {shell}: {run.returncode} {run.stderr}")
    return run.stdout


def bash_complete(path, words):
    """COMPREPLY of the bash script for a command line ending in words[-1]."""
    line = " ".join(words)
    program = (f'source "{path}"; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; '
               '_ecr_lifecycle; printf "%s\\n" "${COMPREPLY[@]}"')
    run = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return sorted(filter(None, run.stdout.splitlines()))


def fish_complete(path, line):
    run = subprocess.run(["fish", "--no-config", "-c", f'source "{path}"; complete -C "{line}"'],
                         capture_output=True, text=True, check=True)
    return sorted(entry.split("\t")[0] for entry in run.stdout.splitlines())


def main():
    binary = sys.argv[1]
    subcommands = [line.split()[0] for line in
                   subprocess.run([binary, "--help"], capture_output=True, text=True,
                                  check=True).stdout.split("Subcommands:", 1)[1].splitlines()
                   if line.startswith("  ")]
    check("preview" in subcommands and "completion" in subcommands, f"subcommands: {subcommands}")
    with tempfile.TemporaryDirectory(prefix="ecrlc-completion-") as folder:
        paths = {}
        for shell in ("bash", "zsh", "fish"):
            paths[shell] = os.path.join(folder, shell)
            with open(paths[shell], "w", encoding="utf-8") as file:
                file.write(script(binary, shell))

        subprocess.run(["bash", "-n", paths["bash"]], check=True)
        words = bash_complete(paths["bash"], ["ecr-lifecycle", ""])
        check(set(subcommands) <= set(words), f"bash subcommands: {words}")
        check(bash_complete(paths["bash"], ["ecr-lifecycle", "pre"]) == ["preview"], "bash pre")
        check(bash_complete(paths["bash"], ["ecr-lifecycle", "preview", "--for"]) == ["--format"],
              "bash --for")
        check(bash_complete(paths["bash"], ["ecr-lifecycle", "preview", "--format", ""]) ==
              sorted(["table", "json", "aws", "csv", "ndjson", "markdown", "html"]),
              "bash --format values")
        check(bash_complete(paths["bash"], ["ecr-lifecycle", "completion", ""]) ==
              ["bash", "fish", "zsh"], "bash completion SHELL")

        if shutil.which("zsh"):
            subprocess.run(["zsh", "-n", paths["zsh"]], check=True)
        if shutil.which("fish"):
            subprocess.run(["fish", "--no-execute", paths["fish"]], check=True)
            check("preview" in fish_complete(paths["fish"], "ecr-lifecycle pre"), "fish pre")
            check(fish_complete(paths["fish"], "ecr-lifecycle lint --format ") ==
                  sorted(["text", "json", "sarif", "github"]), "fish --format values")
            check("--strict" in fish_complete(paths["fish"], "ecr-lifecycle lint --st"),
                  "fish --strict")
    print("completion: bash, zsh and fish scripts checked")


if __name__ == "__main__":
    main()
