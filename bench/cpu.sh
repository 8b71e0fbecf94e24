# Where the CPU of a run went, per command, from /proc: cpu_snapshot before and after the run,
# then cpu_report. Sourced by the benchmark scripts and the cluster test.

# CPU time so far, in clock ticks: one line per command (the sum over its processes: wrk,
# postgres, redis-server, nginx, kworker for the kernel's workers, ...; a JVM by its jar and first
# argument or its main class, so that the gateway's instances and a Java load generator count
# apart), and one "machine" line (all CPUs, busy time), for cpu_report to take the difference of.
cpu_snapshot() { # file
  local pid label
  { awk '{ lp = index($0, "("); rp = 0
           for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { rp = i; break }
           comm = substr($0, lp + 1, rp - lp - 1); sub(/\/.*/, "", comm)
           if (comm == "java") next
           split(substr($0, rp + 2), f, " ")
           ticks[comm] += f[12] + f[13] }
         END { for (c in ticks) if (ticks[c] > 0) printf "%s\t%d\n", c, ticks[c] }' \
      /proc/[0-9]*/stat 2>/dev/null || true
    for pid in $(pgrep -x java); do
      label="$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | awk '{ a[NR] = $0 } END {
        for (i = 2; i <= NR; i++) {
          if (a[i] == "-jar") { n = a[i + 1]; sub(/.*\//, "", n)
            if (a[i + 2] != "" && a[i + 2] !~ /^-/) n = n " " a[i + 2]
            print n; exit }
          if (a[i] == "-cp" || a[i] == "-classpath" || a[i] == "--class-path") { i++; continue }
          if (a[i] !~ /^-/) { n = a[i]; sub(/.*\./, "", n); print n; exit } } }')"
      awk -v label="java ${label:-?}" '{ rp = 0
          for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { rp = i; break }
          split(substr($0, rp + 2), f, " "); printf "%s\t%d\n", label, f[12] + f[13] }' \
        "/proc/$pid/stat" 2>/dev/null || true
    done | awk -F'\t' '{ t[$1] += $2 } END { for (l in t) printf "%s\t%d\n", l, t[l] }'
    awk '/^cpu / { printf "machine\t%d\n", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
    printf 'wall\t%s\n' "$(date +%s%N)"
  } > "$1"
}

# Where the CPU of a measured run went: for each command that used at least 0.5 % of it,
# CPU seconds, microseconds per call and share of the machine's busy time; the "machine" line is
# every CPU's busy time. Needs two cpu_snapshot files and the run's calls.
cpu_report() { # before after calls [label=seconds]  (a process gone before the second snapshot)
  awk -F'\t' -v calls="$3" -v hz="$(getconf CLK_TCK)" -v cpus="$(nproc)" -v extra="${4:-}" '
    FNR == NR { before[$1] = $2; next }
    $1 == "wall" { wall = ($2 - before[$1]) / 1e9; next }
    { used[$1] = ($2 - before[$1]) / hz }
    END {
      if (extra != "") { split(extra, e, "="); used[e[1]] = e[2] }
      printf "%-28s %10s %12s %8s\n", "cpu of", "seconds", "us per call", "share"
      for (c in used) if (c != "machine" && used[c] > 0.005 * used["machine"]) order[c] = used[c]
      n = asorti(order, names, "@val_num_desc")
      for (i = 1; i <= n; i++) { c = names[i]
        printf "%-28s %10.2f %12.1f %7.1f%%\n", c, used[c], used[c] * 1e6 / calls,
          100 * used[c] / used["machine"] }
      printf "%-28s %10.2f %12.1f %7.1f%%\n", "machine", used["machine"],
        used["machine"] * 1e6 / calls, 100
      if (wall > 0) printf "over %.1f s: the machine %.0f%% busy (%d CPUs)\n", wall,
        100 * used["machine"] / (wall * cpus), cpus }' "$1" "$2"
}
