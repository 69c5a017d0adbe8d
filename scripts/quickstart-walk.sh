#!/usr/bin/env bash
# Walks README.md's quick start as a newcomer would, on a clean clone of this checkout's commit:
#
#     ./mino setup -y && ./mino run -- echo hello
#
# once as root, and once as a rootless user made for the walk (a login through runuser: no
# systemd, no runtime directory, an empty image store, the CLI built by the user's own ./mino).
# Both must print hello; otherwise this exits 1 with their output. Run as root, after the build
# has filled ~/.m2 (CI calls it after the tests):
#
#     sudo bash scripts/quickstart-walk.sh
#
# What it leaves as it found it: the walk's user (with its home, its Podman service and its image
# store), the clones, the root walk's config and state (kept in a folder of the walk's own), and
# the images root's setup added to the rootful store. Root's setup uses the rootful service the
# tests use too (/run/podman/podman.sock); it only adds images there. Idempotent: a user left by
# an interrupted walk is removed first.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
ROOTFUL_URL=unix:///run/podman/podman.sock
USER_PREFIX=mino-walk-
PATH_CLEAN=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { echo "quickstart-walk: $*" >&2; }
die() { echo "quickstart-walk: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run this as root (it creates a user for the rootless walk)"
[ -d /root/.m2/repository ] || die "no /root/.m2/repository: build once first (./mvnw -B verify)"

started=$(date +%s)
work=$(mktemp -d /tmp/mino-quickstart-walk.XXXXXX)
chmod 755 "$work"
walk_user=
rootful_before=

# Ends a walk user's processes (each by its id) and removes the user, its home and its run folders.
remove_user() { # name
  local name=$1 uid pid
  uid=$(id -u "$name" 2>/dev/null) || return 0
  for _ in 1 2 3; do
    pids=$(pgrep -u "$uid" || true)
    [ -n "$pids" ] || break
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 1
  done
  userdel -r -f "$name" >/dev/null 2>&1 || true
  rm -rf --one-file-system "/tmp/podman-run-$uid" "/tmp/containers-user-$uid"
}

rootful_images() {
  podman --url "$ROOTFUL_URL" images -q --no-trunc 2>/dev/null | sort -u || true
}

# The images root's walk added to the rootful store: the local image and the firewall image it pinned.
remove_root_images() {
  [ -n "$rootful_before" ] || return 0
  local id pin=$work/root-xdg/state/mino/firewall-image.json ids=()
  # The firewall image first: it is built on the local one.
  if [ -f "$pin" ]; then
    id=$(sed -n 's/.*"id"[[:space:]]*:[[:space:]]*"\([0-9a-f]*\)".*/\1/p' "$pin" | head -n 1)
    [ -z "$id" ] || ids+=("$id")
  fi
  id=$(podman --url "$ROOTFUL_URL" image inspect --format '{{.Id}}' localhost/mino-local:latest 2>/dev/null || true)
  [ -z "$id" ] || ids+=("$id")
  for id in "${ids[@]}"; do
    # Only what was not there before the walk; one in use stays.
    grep -q "$id" <<<"$rootful_before" && continue
    podman --url "$ROOTFUL_URL" rmi "$id" >/dev/null 2>&1 && log "removed image ${id:0:12} from the rootful store" || true
  done
}

cleanup() {
  local status=$?
  [ -z "$walk_user" ] || remove_user "$walk_user"
  remove_root_images
  rm -rf --one-file-system "$work"
  exit "$status"
}
trap cleanup EXIT

# A user an interrupted walk left behind.
for stale in $(getent passwd | cut -d: -f1 | grep "^$USER_PREFIX" || true); do
  log "removing $stale, left by an earlier walk"
  remove_user "$stale"
done

# A clean clone of exactly this checkout's commit (not its uncommitted changes); where the
# checkout is no git work tree, a copy of it without build output.
clone() { # destination
  if git -C "$repo" rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
    git clone --quiet --no-checkout "$repo" "$1"
    git -C "$1" checkout --quiet --detach "$(git -C "$repo" rev-parse HEAD)"
  else
    mkdir -p "$1"
    tar -C "$repo" --exclude=./.git --exclude='target' -cf - . | tar -C "$1" -xf -
  fi
}

# Runs the quick start in a clone as the given runner and checks that it printed hello.
walk() { # who log runner...
  local who=$1 out=$2 t0 status=0
  shift 2
  t0=$(date +%s)
  log "$who: ./mino setup -y && ./mino run -- echo hello"
  "$@" bash -c './mino setup -y && ./mino run -- echo hello' >"$out" 2>&1 || status=$?
  sed "s/^/  [$who] /" "$out" >&2
  if [ "$status" != 0 ] || ! grep -qx hello "$out"; then
    die "$who: the quick start did not print hello (exit $status; its output is above)"
  fi
  log "$who: printed hello ($(($(date +%s) - t0)) s)"
}

java_env=()
[ -z "${JAVA_HOME:-}" ] || java_env=("JAVA_HOME=$JAVA_HOME")

# Root: its own config and state (XDG folders of the walk's), discovery as on a fresh shell (no
# CONTAINER_HOST: the test services' variables are not a newcomer's), root's ~/.m2 as it is.
rootful_before=$(rootful_images)
[ -n "$rootful_before" ] || rootful_before=none
clone "$work/root-clone"
mkdir -p "$work/root-xdg"
as_root() {
  (cd "$work/root-clone" && env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash PATH="$PATH_CLEAN" \
    XDG_CONFIG_HOME="$work/root-xdg/config" XDG_STATE_HOME="$work/root-xdg/state" \
    XDG_DATA_HOME="$work/root-xdg/data" XDG_CACHE_HOME="$work/root-xdg/cache" "${java_env[@]}" "$@")
}
walk root "$work/root.log" as_root

# A rootless user: subordinate ids, a clone and a copy of root's Maven folder of its own (the
# wrapper's Maven and the repository, so that its ./mino builds offline), nothing else.
walk_user=$USER_PREFIX$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
useradd -m -s /bin/bash "$walk_user"
walk_uid=$(id -u "$walk_user")
home=/home/$walk_user
if ! grep -q "^$walk_user:" /etc/subuid || ! grep -q "^$walk_user:" /etc/subgid; then
  # useradd gives a range where login.defs says so (Debian); elsewhere, one above every other.
  start=$(awk -F: '$2 < 1073741824 { end = $2 + $3; if (end > max) max = end } END { print (max > 100000 ? max : 100000) }' /etc/subuid)
  usermod --add-subuids "$start-$((start + 65535))" --add-subgids "$start-$((start + 65535))" "$walk_user"
fi
clone "$home/mino"
mkdir -p "$home/.m2"
cp -r /root/.m2/repository "$home/.m2/repository"
[ ! -d /root/.m2/wrapper ] || cp -r /root/.m2/wrapper "$home/.m2/wrapper"
[ ! -f /root/.m2/settings.xml ] || cp /root/.m2/settings.xml "$home/.m2/settings.xml"
chown -R "$walk_user:" "$home"
[ ! -e "/run/user/$walk_uid" ] || die "$walk_user has a runtime directory: the walk is meant to have none"
as_walk_user() {
  (cd "$home/mino" && runuser -u "$walk_user" -- env -i HOME="$home" USER="$walk_user" LOGNAME="$walk_user" \
    SHELL=/bin/bash PATH="$PATH_CLEAN" "${java_env[@]}" "$@")
}
walk "$walk_user" "$work/user.log" as_walk_user

log "root and a rootless user ($walk_user, no systemd, no runtime directory) both printed hello" \
  "($(($(date +%s) - started)) s in all)"
