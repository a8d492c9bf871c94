"""Our translation units in a compile_commands.json: the sources of engine/src, io, cli and
tools, for the checks that run another compiler over them (run_clang_tidy.sh, check_arm64.sh).
"""
import json
import os
import shlex

OUR_FOLDERS = ("engine/src/", "io/", "cli/", "tools/")


def our_sources(database, root):
    """(absolute path, path from root, working folder, compiler arguments) of each source."""
    for entry in json.load(open(database)):
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        rel = os.path.relpath(path, root)
        if rel.startswith(OUR_FOLDERS) and rel.endswith(".cpp"):
            arguments = entry.get("arguments") or shlex.split(entry["command"])
            yield path, rel, entry["directory"], arguments
