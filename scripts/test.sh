#!/usr/bin/env bash
# The README's test command: installs the programs the tests call when one is missing
# (Debian packages, with sudo when not root), then runs `cargo test` with the arguments
# given.
#
#   scripts/test.sh                    # every test
#   scripts/test.sh --test reports     # the arguments go to cargo test
set -euo pipefail
cd "$(dirname "$0")/.."

# Each program the tests call, the Debian package holding it, and why.
needed=(
  "pdftotext poppler-utils"  # the report tests read the text of the generated PDFs
  "qpdf qpdf"                # the PDF tests check structure and outline (qpdf --check)
  "chromium chromium"        # a headless browser, for the tests of rendered pages
  "prlimit util-linux"       # the corpus tests run the binary under a memory limit
)

missing=()
for entry in "${needed[@]}"; do
  read -r program package <<<"$entry"
  if ! command -v "$program" >/dev/null 2>&1; then
    case " ${missing[*]-} " in
      *" $package "*) ;;
      *) missing+=("$package") ;;
    esac
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "scripts/test.sh: installing ${missing[*]} (programs the tests call)" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: no apt-get here: install ${missing[*]} (or their equivalents) and run again" >&2
    exit 2
  fi
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "scripts/test.sh: not root and no sudo: install ${missing[*]} as root and run again" >&2
      exit 2
    fi
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  for entry in "${needed[@]}"; do
    read -r program package <<<"$entry"
    if ! command -v "$program" >/dev/null 2>&1; then
      echo "scripts/test.sh: $program still missing after installing $package" >&2
      exit 2
    fi
  done
fi

exec cargo test "$@"
