#!/usr/bin/env bash
# Brings every C# file to the style of .editorconfig: whitespace, code style (the IDE rules at warning) and
# analyzer fixes, in one go. `.ci/run` checks the same with `dotnet format --verify-no-changes`.
#   scripts/format.sh           fix the tree (then review `git diff` and commit)
#   scripts/format.sh --check   change nothing; exit non-zero and name the files that are not formatted
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = "--check" ]; then
  exec dotnet format Bastion.slnx --verify-no-changes -v q
fi

# one fix can make room for another (a `var` changes a line's length, a removed cast leaves whitespace): repeat
# until the check passes, three rounds at most
for round in 1 2 3; do
  echo "dotnet format, round $round …"
  dotnet format Bastion.slnx -v q
  if dotnet format Bastion.slnx --verify-no-changes --no-restore -v q >/dev/null 2>&1; then
    echo "格式已统一 / formatted"
    exit 0
  fi
done
echo "dotnet format 仍报告不一致，请查看 / still not clean:" >&2
dotnet format Bastion.slnx --verify-no-changes --no-restore -v q
