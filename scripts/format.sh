#!/usr/bin/env bash
# Brings every C# file to the style of .editorconfig: whitespace and usings order, code style (the IDE rules at
# warning) and analyzer fixes, in one go.
#   scripts/format.sh             fix the tree (then review `git diff`, build and commit)
#   scripts/format.sh --check     change nothing; fail naming each file whose whitespace or usings differ. This is what
#                                 .ci/run runs: the code-style rules themselves are checked by every build
#                                 (EnforceCodeStyleInBuild in Directory.Build.props), so CI does not analyse twice
#   scripts/format.sh --check-all change nothing; whitespace, code style and analyzers (dotnet format --verify-no-changes)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case "${1:-}" in
  --check)
    exec dotnet format whitespace Bastion.slnx --verify-no-changes -v q
    ;;
  --check-all)
    exec dotnet format Bastion.slnx --verify-no-changes -v q
    ;;
  "")
    ;;
  *)
    echo "用法 / usage: scripts/format.sh [--check | --check-all]" >&2
    exit 2
    ;;
esac

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
