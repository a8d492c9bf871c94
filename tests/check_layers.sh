#!/bin/sh
# Fails when an engine file includes a later layer than its own (the order is written once,
# in engine/layers.txt), when a public header is not assigned to a layer, or when cli/
# includes anything but the public headers, tools/generate, io/ and its own files, or when
# io/ includes anything but the public headers and io/ itself.
# Usage: tests/check_layers.sh (from anywhere; prints every violation, exit 1 if any).
set -eu
cd "$(dirname "$0")/.."
awk -v src=engine/src -v inc=engine/include/ecrlc '
  function rank_of_include(path,   parts, n) {
    if (path ~ /^ecrlc\//) { sub(/^ecrlc\//, "", path); return (path in header_rank) ? header_rank[path] : -2 }
    n = split(path, parts, "/")
    if (n >= 2 && (parts[1] in folder_rank)) return folder_rank[parts[1]]
    return -1  # a system or third-party header, or a file of the same folder
  }
  function folder_of_include(path,   parts) {
    if (path ~ /^ecrlc\//) { sub(/^ecrlc\//, "", path); return header_folder[path] }
    split(path, parts, "/"); return parts[1]
  }
  FNR == NR {
    if ($0 ~ /^#/ || NF < 2) next
    folder_rank[$2] = $1
    for (i = 3; i <= NF; i++) { header_rank[$i] = $1; header_folder[$i] = $2 }
    next
  }
  FNR == 1 {
    file = FILENAME; own = ""
    if (index(file, src "/") == 1) { rest = substr(file, length(src) + 2); split(rest, p, "/"); own = p[1] }
    else if (index(file, inc "/") == 1) {
      h = substr(file, length(inc) + 2)
      if (!(h in header_rank)) { printf "%s: public header not assigned to a layer in engine/layers.txt\n", file; bad = 1 }
      else own = header_folder[h]
    }
    else if (index(file, "io/") == 1) own = "io"
    else own = "cli"
  }
  /^[ \t]*#[ \t]*include[ \t]*"/ {
    path = $0; sub(/^[^"]*"/, "", path); sub(/".*$/, "", path)
    if (own == "io") {
      if (path !~ /^ecrlc\// && path !~ /^io\//) {
        printf "%s:%d: io/ includes \"%s\": only ecrlc/ and io/ headers\n", file, FNR, path; bad = 1
      }
      else if (path ~ /^ecrlc\// && rank_of_include(path) == -2) {
        printf "%s:%d: \"%s\" is not a public header\n", file, FNR, path; bad = 1
      }
      next
    }
    if (own == "cli") {
      if (path !~ /^ecrlc\// && path !~ /^generate\// && path !~ /^io\// && path ~ /\//) {
        printf "%s:%d: cli/ includes \"%s\": only ecrlc/, generate/ and io/ headers\n", file, FNR, path; bad = 1
      }
      else if (path ~ /^ecrlc\// && rank_of_include(path) == -2) {
        printf "%s:%d: \"%s\" is not a public header\n", file, FNR, path; bad = 1
      }
      next
    }
    if (own == "") next
    r = rank_of_include(path)
    if (r == -2) { printf "%s:%d: \"%s\" is not assigned to a layer\n", file, FNR, path; bad = 1; next }
    if (r < 0) next
    target = folder_of_include(path)
    if (target == own) next
    if (r + 0 >= folder_rank[own] + 0) {
      printf "%s:%d: %s (rank %d) includes %s (rank %d): only lower layers\n", file, FNR, own, folder_rank[own], target, r; bad = 1
    }
  }
  END { exit bad }
' engine/layers.txt $(find engine/src engine/include io cli -name '*.cpp' -o -name '*.hpp' | sort)
echo "layers: ok"
