#!/usr/bin/env bash
# Makes debian:trixie-slim available to the Docker engine when it does not have it yet, for hosts that
# cannot pull from an image registry: debootstrap (minbase) of Debian 13 from the Debian mirror this
# machine's apt uses, docs and apt lists stripped, then `docker import`. The root filesystem tarball
# is cached (HARBOR_TS_CACHE_DIR, default ${XDG_CACHE_HOME:-~/.cache}/harbor-ts), so a fresh engine
# imports it in seconds. Does nothing when the engine already has the image.
#   deploy/docker/base-image.sh [--mirror URL]
set -euo pipefail

readonly IMAGE=debian:trixie-slim
readonly SUITE=trixie
CACHE_DIR=${HARBOR_TS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-ts}
readonly CACHE_DIR
readonly TARBALL="$CACHE_DIR/debian-trixie-slim-$(dpkg --print-architecture 2>/dev/null || echo amd64).tar.gz"

die() {
  echo "base-image.sh: error: $*" >&2
  exit 1
}

# The first Debian mirror in apt's sources (deb822 or one-line format), else deb.debian.org.
configured_mirror() {
  local files=() url
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] && files+=("$f")
  done
  if ((${#files[@]})); then
    url=$(grep -hoE '(^deb |^URIs:)[[:space:]]*(\[[^]]*\][[:space:]]*)?https?://[^[:space:]]+' "${files[@]}" |
      grep -oE 'https?://[^[:space:]]+' | grep -E '/debian/?$' | head -n 1 || true)
  fi
  echo "${url:-http://deb.debian.org/debian}"
}

build_rootfs_tarball() {
  local mirror=$1 dir
  command -v debootstrap >/dev/null || die "debootstrap is not installed (Debian/Ubuntu: apt-get install debootstrap)"
  [[ $EUID -eq 0 ]] || die "debootstrap needs root"
  mkdir -p "$CACHE_DIR"
  dir=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
  # shellcheck disable=SC2064 # expand now: the folder to remove is this one
  trap "rm -rf '$dir'" EXIT
  echo "debootstrap $SUITE from $mirror (a few minutes, once)"
  debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" >"$dir.log" 2>&1 ||
    { tail -n 30 "$dir.log" >&2; die "debootstrap failed (log: $dir.log)"; }
  rm -f "$dir.log"
  # Slim: no docs, man pages, locales or package lists; apt-get update fetches lists when needed.
  rm -rf "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/locale/* \
    "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
    "$dir"/var/log/* "$dir"/tmp/*
  # The same trimming for packages installed later in images built on this base.
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$dir/etc/apt/apt.conf.d/docker-no-recommends"
  # As Debian's own images: no package caches left in layers after apt-get install.
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
  printf 'deb %s %s main\n' "$mirror" "$SUITE" >"$dir/etc/apt/sources.list"
  : >"$dir/etc/hostname"
  # mktemp made the folder 0700; it becomes the image's /, which every user must be able to traverse.
  chmod 755 "$dir"
  tar --numeric-owner -C "$dir" -czf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$dir"
  trap - EXIT
}

main() {
  local mirror=""
  while (($#)); do
    case $1 in
      --mirror) mirror=$2; shift ;;
      --mirror=*) mirror=${1#--mirror=} ;;
      *) die "unknown option $1 (usage: base-image.sh [--mirror URL])" ;;
    esac
    shift
  done
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "$IMAGE is present"
    return 0
  fi
  [[ -s $TARBALL ]] || build_rootfs_tarball "${mirror:-$(configured_mirror)}"
  echo "importing $IMAGE from $TARBALL"
  docker import --change 'CMD ["bash"]' "$TARBALL" "$IMAGE" >/dev/null
  echo "$IMAGE imported"
}

main "$@"
