#!/usr/bin/env python3
"""Installation and packaging: `cmake --install` puts the binary, its man page, the shell
completions and the license in place, the man page lists every subcommand and option of the
binary's own --help, `--version` names the version and the commit the sources are at, and
`cpack` makes a .deb of those files with its library dependencies.

Usage: install_test.py BUILD_DIR
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile


def run(*command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, check=True, **kwargs).stdout


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL: {message}")


def subcommands(binary):
    text = run(binary, "--help")
    block = text.split("Subcommands:", 1)[1]
    return [line.split()[0] for line in block.splitlines() if line.startswith("  ")]


def expected_commit():
    """What --version must say of the sources: their commit (12 digits, `-dirty` when tracked
    files differ from it), or `unknown commit` outside a git checkout."""
    source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if shutil.which("git") is None or not os.path.exists(os.path.join(source, ".git")):
        return re.escape("unknown commit")
    head = subprocess.run(["git", "-C", source, "rev-parse", "--short=12", "HEAD"],
                          capture_output=True, text=True)
    if head.returncode != 0:
        return re.escape("unknown commit")
    return "commit " + re.escape(head.stdout.strip()) + "(-dirty)?"


def check_version(binary, build):
    version = run(binary, "--version").strip()
    project = re.search(r"CMAKE_PROJECT_VERSION:STATIC=(\S+)",
                        open(os.path.join(build, "CMakeCache.txt")).read()).group(1)
    # The version and commit, then the vector code this CPU runs (ecrlc/simd.hpp).
    pattern = (rf"ecr-lifecycle {re.escape(project)} \({expected_commit()}\)\n"
               r"simd: scanner (avx2|portable), simdjson stage 1 [a-z0-9]+, stage 2 [a-z0-9]+, "
               r"sha256 (sha-ni|portable)")
    check(re.fullmatch(pattern, version), f"--version says {version!r}, expected {pattern}")


def main():
    build = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="ecrlc-install-") as prefix:
        run("cmake", "--install", build, "--prefix", prefix)
        binary = os.path.join(prefix, "bin", "ecr-lifecycle")
        page_path = os.path.join(prefix, "share", "man", "man1", "ecr-lifecycle.1")
        check(os.access(binary, os.X_OK), "bin/ecr-lifecycle is not installed")
        check_version(binary, build)
        check(os.path.isfile(os.path.join(prefix, "share", "doc", "ecrlc", "LICENSE")),
              "the license is not installed")
        for completion in ("bash-completion/completions/ecr-lifecycle",
                           "zsh/vendor-completions/_ecr-lifecycle",
                           "fish/vendor_completions.d/ecr-lifecycle.fish"):
            check(os.path.getsize(os.path.join(prefix, "share", completion)) > 0,
                  f"{completion} is not installed")
        page = open(page_path, encoding="utf-8").read()
        names = subcommands(binary)
        check(len(names) >= 6, f"too few subcommands in --help: {names}")
        for name in names:
            check(f".SS {name.replace('-', chr(92) + '-')}" in page, f"man page lacks {name}")
            for option in re.findall(r"^\s+(--[a-z-]+)", run(binary, name, "--help"), re.M):
                check(option.replace("-", "\\-") in page, f"man page lacks {name} {option}")
        if shutil.which("man"):
            shown = run("man", "-l", page_path, env={**os.environ, "MANWIDTH": "80"})
            check("ecr-lifecycle - " in shown and "EXIT STATUS" in shown, "man cannot show the page")

    with tempfile.TemporaryDirectory(prefix="ecrlc-cpack-") as out:
        run("cpack", "--config", os.path.join(build, "CPackConfig.cmake"), "-B", out)
        debs = [name for name in os.listdir(out) if name.endswith(".deb")]
        check(len(debs) == 1, f"cpack made {debs}")
        deb = os.path.join(out, debs[0])
        contents = run("dpkg-deb", "-c", deb)
        for path in ("./usr/bin/ecr-lifecycle", "./usr/share/man/man1/ecr-lifecycle.1",
                     "./usr/share/doc/ecrlc/LICENSE"):
            check(path in contents, f"the .deb lacks {path}")
        depends = run("dpkg-deb", "-f", deb, "Depends")
        check("libsimdjson" in depends and "libstdc++" in depends,
              f"the .deb does not depend on its libraries: {depends.strip()}")
    print("install: binary, --version, man page, license and .deb checked")


if __name__ == "__main__":
    main()
