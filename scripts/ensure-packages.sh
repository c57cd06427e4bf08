#!/bin/sh
# ensure-packages.sh PACKAGE...: make sure these Debian packages are installed.
#
# Each package is checked with dpkg-query. Missing ones are installed with apt-get when this
# runs as root, or through `sudo -n` when sudo works without a password; otherwise the script
# prints the exact command to run and exits 1, so that `make` stops before a build that would
# fail on a missing header with a less helpful message.
#
# Used by the Makefile (every target that builds) and by .ci/run. Set CALLREPORT_NO_APT=1 to
# only check, never install.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 64
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  # Not Debian or Ubuntu: the names below are Debian's. Say what is needed and let the build try.
  echo "ensure-packages: no dpkg-query here; make sure the equivalents of these Debian packages are installed: $*" >&2
  exit 0
fi

missing=""
for package in "$@"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing="$missing $package"
  fi
done
missing=${missing# }
[ -z "$missing" ] && exit 0

command="apt-get install -y --no-install-recommends $missing"
if [ "${CALLREPORT_NO_APT:-}" = "" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    run=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run="sudo -n"
  else
    run="none"
  fi
  if [ "$run" != "none" ]; then
    echo "ensure-packages: installing $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine or container may have no package lists yet.
    $run apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    $run apt-get install -y -qq --no-install-recommends $missing
    exit 0
  fi
fi

echo "ensure-packages: missing Debian packages: $missing" >&2
echo "Install them, then run make again:" >&2
echo "  sudo $command" >&2
exit 1
