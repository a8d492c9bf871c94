#!/usr/bin/env python3
"""The binary runs on any x86-64: no instruction beyond the x86-64 baseline (SSE2) outside the
functions that are chosen at run time after a CPU check (ECRLC_TARGET_AVX2, named avx2_*, and
ECRLC_TARGET_SHA, named sha_ni_*).

Usage: portable_binary_test.py BINARY [--native]
Disassembles BINARY with objdump and lists every function that holds an AVX, AVX2, FMA,
BMI1/2, LZCNT, POPCNT, SSE3, SSSE3, SSE4.1/4.2, PCLMULQDQ, AES, SHA or MOVBE instruction. The
test fails when such a function is not one of ours marked for AVX2 or SHA (an `avx2_` or
`sha_ni_` function of `ecrlc::`), or when those marked functions are missing (the fast paths
would never run).
--native: the build was configured with ECRLC_NATIVE_SIMD=ON, which is allowed to use AVX2
everywhere (and may inline the marked functions): the test only reports. Skips (exit 0, with a
message) on a machine that is not x86-64 or has no objdump.
"""
import platform
import re
import shutil
import subprocess
import sys

# Mnemonics beyond SSE2, by extension. Every VEX- or EVEX-encoded instruction starts with "v"
# (no baseline user-mode instruction does, except verr/verw, which compilers never emit).
BEYOND_BASELINE = {
    "sse3": "addsubpd addsubps haddpd haddps hsubpd hsubps lddqu movddup movshdup movsldup fisttp",
    "ssse3": "pabsb pabsw pabsd palignr phaddw phaddd phaddsw phsubw phsubd phsubsw pmaddubsw "
    "pmulhrsw pshufb psignb psignw psignd",
    "sse4.1": "blendpd blendps blendvpd blendvps dppd dpps extractps insertps movntdqa mpsadbw "
    "packusdw pblendvb pblendw pcmpeqq pextrb pextrd pextrq phminposuw pinsrb pinsrd pinsrq "
    "pmaxsb pmaxsd pmaxud pmaxuw pminsb pminsd pminud pminuw pmovsxbw pmovsxbd pmovsxbq "
    "pmovsxwd pmovsxwq pmovsxdq pmovzxbw pmovzxbd pmovzxbq pmovzxwd pmovzxwq pmovzxdq pmuldq "
    "pmulld ptest roundpd roundps roundsd roundss",
    "sse4.2": "pcmpestri pcmpestrm pcmpistri pcmpistrm pcmpgtq crc32",
    "bmi": "andn bextr blsi blsmsk blsr tzcnt bzhi mulx pdep pext rorx sarx shlx shrx",
    "other": "lzcnt popcnt pclmulqdq aesenc aesenclast aesdec aesdeclast aesimc "
    "aeskeygenassist movbe",
    "sha": "sha1rnds4 sha1nexte sha1msg1 sha1msg2 sha256rnds2 sha256msg1 sha256msg2",
}
MNEMONICS = {word for words in BEYOND_BASELINE.values() for word in words.split()}
FUNCTION = re.compile(r"^[0-9a-f]+ <(.*)>:$")
# objdump's AT&T mnemonics may carry a size suffix (popcntq, crc32b, tzcntl, pextrq stays).
SUFFIX = re.compile(r"^(.*?)[bwlq]?$")
MARKED = re.compile(r"^ecrlc::.*\b(avx2|sha_ni)_[a-z0-9_]+\(")


def beyond_baseline(mnemonic):
    if mnemonic.startswith("v") and mnemonic not in ("verr", "verw"):
        return True
    if mnemonic in MNEMONICS:
        return True
    stem = SUFFIX.match(mnemonic).group(1)
    return stem in MNEMONICS


def functions_beyond_baseline(binary):
    dump = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-C", binary],
                          capture_output=True, text=True, check=True).stdout
    found = {}
    function = None
    for line in dump.splitlines():
        match = FUNCTION.match(line)
        if match:
            function = match.group(1)
            continue
        fields = line.split("\t")
        if function is None or len(fields) < 2:
            continue
        mnemonic = fields[1].split()[0] if fields[1].split() else ""
        if beyond_baseline(mnemonic):
            found.setdefault(function, mnemonic)
    return found


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = sys.argv[1]
    native = "--native" in sys.argv[2:]
    if platform.machine() not in ("x86_64", "AMD64") or shutil.which("objdump") is None:
        print("portable_binary_test: skipped (not x86-64, or no objdump)")
        return 0
    found = functions_beyond_baseline(binary)
    marked = sorted(name for name in found if MARKED.match(name))
    unmarked = sorted(name for name in found if not MARKED.match(name))
    failures = []
    avx2 = [name for name in marked if "avx2_" in name]
    sha = [name for name in marked if "sha_ni_" in name]
    if (len(avx2) < 2 or not sha) and not native:
        failures.append("expected the AVX2 scanner functions (avx2_*) and the SHA-256 blocks "
                        "(sha_ni_*) in the binary, found: %s" % (marked or "none"))
    if unmarked and not native:
        failures.append("%d functions use instructions beyond x86-64's baseline without a "
                        "run-time CPU check, e.g.:\n  %s" % (len(unmarked), "\n  ".join(
                            "%s (%s)" % (name, found[name]) for name in unmarked[:20])))
    for failure in failures:
        print("portable_binary_test: " + failure, file=sys.stderr)
    if failures:
        return 1
    print("portable_binary_test: %d functions beyond the baseline, all chosen at run time: %s"
          % (len(marked), ", ".join(marked)) if not native else
          "portable_binary_test: native build; %d marked AVX2 and SHA functions" % len(marked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
