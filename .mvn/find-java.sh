# Finds a JDK whose feature version is 21 or newer, for ./atlas-gate and ./mvnw (one place for
# both). Sourced, not run; POSIX sh. Defines:
#
#   atlas_find_java NAME   sets ATLAS_JAVA_HOME to the home of the first suitable JDK and
#                          ATLAS_JAVA_VERSION to its feature version; when there is none, prints
#                          one line on stderr, starting with NAME, that says what was found and
#                          what to install, and returns 1. Call it directly, not in $(...).
#
# Looked at in this order: $JAVA_HOME, `java` on the PATH, then every JDK under the search roots:
# $ATLAS_JDK_ROOTS, a ':'-separated list of directories (default: /usr/lib/jvm, macOS's
# /Library/Java/JavaVirtualMachines, SDKMAN's and IntelliJ's JDK directories). A JDK is a home
# with bin/java and bin/javac (a bare JRE cannot build the project).

ATLAS_JAVA_MIN=21

# Sets atlas_value to the value of KEY="VALUE" in the JDK release file $2 (empty when it has
# none), read by the shell itself: no process started.
atlas_release_value() {
  atlas_value=""
  while IFS= read -r atlas_line || [ -n "$atlas_line" ]; do
    case "$atlas_line" in
    "$1="*)
      atlas_value="${atlas_line#"$1"=}"
      atlas_value="${atlas_value#\"}"
      atlas_value="${atlas_value%\"}"
      return 0
      ;;
    esac
  done < "$2"
}

# Sets atlas_version and atlas_home to the feature version and the home of the java binary $1,
# or fails. Read from the JDK's `release` file when there is one (no JVM started: a launch stays
# quick), else asked of the JVM itself. A JDK's own bin/java needs no link resolved (the JDKs of
# the search roots, $JAVA_HOME); only a java elsewhere (/usr/bin/java, a chain of links) costs a
# readlink.
atlas_java_probe() {
  atlas_home="${1%/bin/java}"
  if [ "$atlas_home" = "$1" ] || [ ! -f "$atlas_home/release" ]; then
    atlas_real="$(readlink -f "$1" 2>/dev/null || true)"
    atlas_home="${atlas_real%/bin/java}"
    [ -n "$atlas_real" ] && [ "$atlas_home" != "$atlas_real" ] || atlas_home=""
  fi
  if [ -n "$atlas_home" ] && [ -f "$atlas_home/release" ]; then
    atlas_release_value JAVA_VERSION "$atlas_home/release"
    atlas_version="${atlas_value#1.}"
    atlas_version="${atlas_version%%[!0-9]*}"
    [ -z "$atlas_version" ] || return 0
  fi
  atlas_probe="$("$1" -XshowSettings:properties -version 2>&1 | sed -n \
    -e 's/^ *java\.specification\.version = 1\.\([0-9]*\).*/V \1/p' \
    -e 's/^ *java\.specification\.version = \([0-9]*\).*/V \1/p' \
    -e 's/^ *java\.home = \(.*\)$/H \1/p' | {
    version="" home=""
    while read -r kind value; do
      case "$kind" in
      V) version="$value" ;;
      H) home="$value" ;;
      esac
    done
    [ -n "$version" ] && [ -n "$home" ] && printf '%s %s\n' "$version" "$home"
  })" || return 1
  atlas_version="${atlas_probe%% *}"
  atlas_home="${atlas_probe#* }"
}

# Sets ATLAS_JAVA_HOME when the java binary $1 belongs to a suitable JDK; remembers an old one.
atlas_java_try() {
  [ -n "$1" ] && [ -x "$1" ] || return 1
  atlas_java_probe "$1" || return 1
  if [ "$atlas_version" -lt "$ATLAS_JAVA_MIN" ]; then
    [ -n "$atlas_old_java" ] || atlas_old_java="java $atlas_version at $atlas_home"
    return 1
  fi
  if [ ! -x "$atlas_home/bin/javac" ]; then
    [ -n "$atlas_old_java" ] || atlas_old_java="a Java $atlas_version runtime without javac at $atlas_home"
    return 1
  fi
  ATLAS_JAVA_HOME="$atlas_home"
  ATLAS_JAVA_VERSION="$atlas_version"
}

atlas_find_java() {
  ATLAS_JAVA_HOME="" ATLAS_JAVA_VERSION="" atlas_old_java=""
  case $- in *f*) atlas_noglob=1 ;; *) atlas_noglob="" ;; esac
  set +f
  atlas_ifs="$IFS"
  if ! atlas_java_try "${JAVA_HOME:+$JAVA_HOME/bin/java}" \
    && ! atlas_java_try "$(command -v java 2>/dev/null || true)"; then
    IFS=:
    for atlas_root in ${ATLAS_JDK_ROOTS-/usr/lib/jvm:/Library/Java/JavaVirtualMachines:${HOME:-/nonexistent}/.sdkman/candidates/java:${HOME:-/nonexistent}/.jdks}; do
      IFS="$atlas_ifs"
      for atlas_java in "$atlas_root"/*/bin/java "$atlas_root"/*/Contents/Home/bin/java; do
        atlas_java_try "$atlas_java" && break 2
      done
    done
  fi
  IFS="$atlas_ifs"
  [ -z "$atlas_noglob" ] || set -f
  [ -z "$ATLAS_JAVA_HOME" ] || return 0
  printf '%s: needs a JDK %s or newer (found %s); install one, e.g. Temurin 21+ from https://adoptium.net, and put it in JAVA_HOME or on the PATH\n' \
    "$1" "$ATLAS_JAVA_MIN" "${atlas_old_java:-no java at all}" >&2
  return 1
}
