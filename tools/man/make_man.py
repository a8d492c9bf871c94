#!/usr/bin/env python3
"""Writes the ecr-lifecycle(1) man page from the program's own --help output, so that the page
lists exactly the subcommands and options the binary has.

Usage: make_man.py BINARY OUT.1
"""

import re
import subprocess
import sys

EXIT_STATUS = [
    ("0", "success"),
    ("1", "a policy is invalid, or a gate failed: lint --strict found warnings, diff "
          "--fail-on-new-expirations found new expirations, preview --fail-on-protected found "
          "images in use that the policy expires or archives"),
    ("2", "the command could not run: a bad flag, an unreadable, untrusted or invalid input, a "
          "failed write"),
]


def help_of(binary, *command):
    run = subprocess.run([binary, *command, "--help"], capture_output=True, text=True, check=True)
    return run.stdout


def roff(text):
    """Text for a roff line: backslashes and hyphens escaped, no leading control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def sections(help_text):
    """The description line, and the entries of each 'Heading:' block as (name, text) pairs."""
    lines = help_text.splitlines()
    description = lines[0].strip() if lines else ""
    blocks = {}
    current = None
    for line in lines[1:]:
        heading = re.match(r"^([A-Z][A-Za-z ]*):\s*$", line)
        if heading:
            current = blocks.setdefault(heading.group(1), [])
            continue
        entry = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if current is not None and entry:
            current.append((entry.group(1), entry.group(2) or ""))
        elif current is not None and line.startswith(" " * 8) and current:
            name, text = current[-1]  # a wrapped description
            current[-1] = (name, (text + " " + line.strip()).strip())
    return description, blocks


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_man.py BINARY OUT.1")
    binary, out = sys.argv[1], sys.argv[2]
    version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    description, blocks = sections(help_of(binary))
    page = [
        f'.TH ECR\\-LIFECYCLE 1 "" "{roff(version)}" "User Commands"',
        ".SH NAME",
        "ecr\\-lifecycle \\- " + roff(description.split(": ", 1)[-1]),
        ".SH SYNOPSIS",
        ".B ecr\\-lifecycle",
        ".I SUBCOMMAND",
        "[\\fIOPTIONS\\fR]",
        ".SH DESCRIPTION",
        roff("ecr-lifecycle evaluates Amazon ECR lifecycle policies exactly as ECR would: it lints "
             "policies, previews, explains and diffs what they do to an inventory of images, and "
             "plans cleanups. Run 'ecr-lifecycle SUBCOMMAND --help' for the same text as below."),
        ".SH SUBCOMMANDS",
    ]
    for name, _summary in blocks.get("Subcommands", []):
        sub_description, sub_blocks = sections(help_of(binary, name))
        page += [f".SS {roff(name)}", roff(sub_description)]
        for option, text in sub_blocks.get("Options", []):
            page += [".TP", f"\\fB{roff(option)}\\fR", roff(text)]
        for heading, entries in sub_blocks.items():
            if heading != "Options":
                for entry, text in entries:
                    page += [".TP", f"\\fB{roff(entry)}\\fR", roff(text)]
    page.append(".SH EXIT STATUS")
    for status, meaning in EXIT_STATUS:
        page += [".TP", f"\\fB{status}\\fR", roff(meaning)]
    page += [".SH SEE ALSO", roff("aws(1); the documents in docs/ of the source tree: preview.md, "
                                 "lint.md, operations.md, reliability.md.")]
    with open(out, "w", encoding="utf-8") as file:
        file.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
