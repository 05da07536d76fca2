#!/usr/bin/env bash
# Runs every fuzz target, one at a time, for SECONDS each (default 300), with the seed
# inputs of seeds/ and the sample and corpus files beside the repository.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly compiler, or the stable
# one with RUSTC_BOOTSTRAP=1 (set here). Crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(dates names contacts csv_reader import_file)
fi
export RUSTC_BOOTSTRAP=1
shared=../../shared/corpus
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  extra=()
  case "$t" in
    dates | names | contacts)
      # One seed per line; backslash escapes (\n) as in the Rust sources.
      i=0
      while IFS= read -r line; do
        printf '%b' "$line" >"corpus/$t/seed-$i"
        i=$((i + 1))
      done <"seeds/$t.txt"
      ;;
    csv_reader)
      extra=(../tests/fixtures "$shared/csv-spectrum" "$shared/frictionless-py" "$shared/rust-csv"
        "$shared/clevercsv")
      ;;
    import_file)
      extra=(../tests/fixtures ../input "$shared/spreadsheets" "$shared/frictionless-py")
      ;;
  esac
  echo "== $t: ${secs}s"
  nice cargo fuzz run "$t" "corpus/$t" "${extra[@]}" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
done
