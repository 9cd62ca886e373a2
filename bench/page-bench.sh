#!/usr/bin/env bash
# procscope page benchmark: every dashboard page in headless Chromium (Debian's chromium and
# chromium-driver), at 20 and at 200 hosts of 500 processes plus one host of 2,000, against the
# production build on PostgreSQL. Phase P of bench/api-bench.sh; flags go to the load generator:
#
#   bash bench/page-bench.sh                           # 15 loads of each page at each size
#   SKIP_BUILD=1 bash bench/page-bench.sh --page-runs 25
#   bash bench/page-bench.sh --scale-hosts 20,100,200  # more sizes
#
# Prints DOMContentLoaded p50/p95 per page and size, the HTML's size, the tree's time to
# interactive, and each against the issue's target (p50 <= 300 ms, p95 <= 600 ms).
exec env PHASES=pages bash "$(dirname "$0")/api-bench.sh" "$@"
