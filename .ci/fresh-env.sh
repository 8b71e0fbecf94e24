#!/usr/bin/env bash
# CI: the README's two commands from a clean environment, as a newcomer runs them.
#  1. No JAVA_HOME and an old `java` (< 21) first on the PATH: `./mvnw -v` and `./atlas-gate
#     version` still work, on a JDK >= 21 found where JDKs are installed.
#  2. Only an old JDK visible (the PATH holds just the old `java` and the system tools, and the
#     JDK search roots are an empty directory): both exit non-zero with ONE line saying what to
#     install.
# Needs an old JDK to plant (OLD_JAVA, default: the first java < 21 under /usr/lib/jvm) and the
# project built (./atlas-gate does not rebuild a fresh jar).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

# shellcheck source=../.mvn/find-java.sh
. .mvn/find-java.sh
old_java="${OLD_JAVA:-}"
if [ -z "$old_java" ]; then
  for candidate in /usr/lib/jvm/*/bin/java; do
    if atlas_java_probe "$candidate" && [ "$atlas_version" -lt 21 ]; then
      old_java="$candidate"
      break
    fi
  done
fi
if [ -z "$old_java" ]; then
  echo "fresh-env: no JDK older than 21 to plant (set OLD_JAVA to one); the check cannot run" >&2
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/old" "$scratch/tools" "$scratch/no-jdks" "$scratch/home"
ln -s "$old_java" "$scratch/old/java"
# The system's tools without any java of theirs: the "restricted PATH" of case 2.
for dir in /usr/local/bin /usr/bin /bin; do
  for tool in "$dir"/*; do
    name="${tool##*/}"
    case "$name" in java | javac | jar | jshell | keytool | jrunscript | rmiregistry) continue ;; esac
    [ -e "$scratch/tools/$name" ] || ln -s "$tool" "$scratch/tools/$name"
  done
done

failures=0
fail() {
  echo "fresh-env: FAIL: $*" >&2
  failures=$((failures + 1))
}

clean_env() { # runs "$@" with nothing but HOME and PATH (no JAVA_HOME), old java first
  env -i HOME="${HOME}" PATH="$scratch/old:$PATH" "$@"
}

# 1. An old java first on the PATH, no JAVA_HOME: both commands work.
if out="$(clean_env ./mvnw -v 2>&1)"; then
  version="$(printf '%s\n' "$out" | sed -n 's/^Java version: \([0-9]*\).*/\1/p')"
  if [ -z "$version" ] || [ "$version" -lt 21 ]; then
    fail "./mvnw -v ran Maven on Java '${version}': $out"
  fi
else
  fail "./mvnw -v with an old java first on the PATH: $out"
fi
if out="$(clean_env ATLAS_HOME="$scratch/home" ./atlas-gate version 2>&1)"; then
  case "$out" in atlas-gate\ *) ;; *) fail "./atlas-gate version printed: $out" ;; esac
else
  fail "./atlas-gate version with an old java first on the PATH: $out"
fi

# 2. Only the old JDK visible: one line naming what to install, and a non-zero exit.
only_old() {
  env -i HOME="$scratch/home" PATH="$scratch/old:$scratch/tools" \
    ATLAS_JDK_ROOTS="$scratch/no-jdks" "$@"
}
for command in "./mvnw -v" "./atlas-gate version"; do
  status=0
  # shellcheck disable=SC2086 # the command and its argument
  out="$(only_old $command 2>&1)" || status=$?
  lines="$(printf '%s\n' "$out" | grep -c .)"
  if [ "$status" -eq 0 ]; then
    fail "$command with only an old JDK exited 0: $out"
  elif [ "$lines" -ne 1 ]; then
    fail "$command with only an old JDK printed $lines lines, not one: $out"
  elif ! printf '%s' "$out" | grep -q 'needs a JDK 21 or newer (found java [0-9]* at .*); install'; then
    fail "$command with only an old JDK did not say what to install: $out"
  else
    echo "fresh-env: $command without a JDK 21+: $out"
  fi
done

[ "$failures" -eq 0 ] || exit 1
echo "fresh-env: both README commands work with an old java first on the PATH ($repo)"
