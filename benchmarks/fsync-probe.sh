#!/usr/bin/env bash
# Synchronous 4 KiB writes per second on the disk holding DIR (default: the current directory):
# the bound of one durable writer that syncs every write. Prints one line, key=value pairs:
#   append=N overwrite=N      (writes/s; dd oflag=dsync into a new file, and over an existing one)
# A WAL sync is closest to `append` (the file grows); compare.sh's figure is `overwrite`.
#   benchmarks/fsync-probe.sh [DIR] [COUNT]
set -euo pipefail
dir=${1:-.}
count=${2:-500}
file="$dir/.fsync-probe.$$"
trap 'rm -f "$file"' EXIT

seconds() { # dd's elapsed seconds from its summary line
  dd "$@" 2>&1 | tail -1 | awk -F', ' '{print $3}' | awk '{print $1}'
}

rm -f "$file"
append=$(seconds if=/dev/zero of="$file" bs=4k count="$count" oflag=dsync)
overwrite=$(seconds if=/dev/zero of="$file" bs=4k count="$count" oflag=dsync conv=notrunc)
awk -v c="$count" -v a="$append" -v o="$overwrite" 'BEGIN { printf "append=%d overwrite=%d\n", c / a, c / o }'
