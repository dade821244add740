#!/usr/bin/env bash
# Fails (exit 1) when a C++ file under engine/ or tests/ does not follow .clang-format, listing
# the files; with --fix, formats them instead. CI runs it through scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files 'engine/*.cpp' 'engine/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'cmake/*.hpp' 'cmake/*.cpp')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "not formatted with .clang-format (run scripts/check-format.sh --fix):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "format: ${#files[@]} C++ files follow .clang-format"
