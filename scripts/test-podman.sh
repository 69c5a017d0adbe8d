#!/usr/bin/env bash
# Sets up the real, rootless Podman that the integration tests talk to, on a fresh Debian or
# Ubuntu machine, as root; and beside it a rootful Podman service for the tests of what mino does
# on a rootful engine (user namespaces, enforced resource limits). Idempotent: a second run
# reuses what exists and takes seconds.
#
#   CONTAINER_HOST="$(sudo bash scripts/test-podman.sh)"    # prints unix:///run/user/<uid>/podman/podman.sock
#   sudo bash scripts/test-podman.sh --stop                  # stops both Podman services again
#
# Progress goes to stderr; the only thing printed on stdout is the CONTAINER_HOST value. The
# rootful service answers on unix:///run/podman/podman.sock (ROOTFUL_HOST below): export it as
# MINO_TEST_ROOTFUL_HOST for the tests that need it. A second rootful service with a store of
# its own, whose userns=auto user has no subordinate ids (as on a machine nobody set up), answers
# on unix:///run/mino-test-noids/podman.sock: export it as MINO_TEST_ROOTFUL_NOIDS_HOST.
# Settings (environment): MINO_TEST_USER (default minotest), MINO_TEST_IMAGE_CACHE
# (default /var/cache/mino-test-images), MINO_TEST_DEBIAN_MIRROR and MINO_TEST_DEBIAN_SUITE
# (default: this machine's own apt mirror and release).
set -euo pipefail

TEST_USER=${MINO_TEST_USER:-minotest}
IMAGE_CACHE=${MINO_TEST_IMAGE_CACHE:-/var/cache/mino-test-images}
ROOTFUL_SOCKET=/run/podman/podman.sock
ROOTFUL_HOST=unix://$ROOTFUL_SOCKET
# The subordinate ids rootful Podman's userns=auto hands out, one slice per container; far above
# the test user's 100000-165535, as Podman's documentation suggests.
CONTAINERS_IDS=2147483647:2147483648
NOIDS_DIR=/run/mino-test-noids
NOIDS_SOCKET=$NOIDS_DIR/podman.sock
NOIDS_HOST=unix://$NOIDS_SOCKET
NOIDS_STORAGE_CONF=/etc/mino-test/storage-noids.conf
# Bump when an image recipe below changes: images carrying an older recipe label are rebuilt.
IMAGE_RECIPE=4
RECIPE_LABEL=dev.mino.test-image-recipe
BUSYBOX_IMAGE=localhost/mino-test-busybox:latest
DEBIAN_IMAGE=localhost/mino-test-debian:latest
PACKAGES=(podman runc uidmap slirp4netns fuse-overlayfs catatonit iptables busybox-static
  debootstrap curl ca-certificates procps util-linux jq tmux)

log() { echo "test-podman: $*" >&2; }
die() { echo "test-podman: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run this as root (it installs packages and creates the test user)"

install_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "packages: all present"
    return
  fi
  log "packages: installing ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# The three fixes this machine kind needs (see ENVIRONMENT.md in the shared notes):
# rlimits at or below the current ones, runc instead of crun on hybrid cgroups, and no
# systemd in the sandbox, so cgroupfs and a file event log.
write_containers_conf() {
  local nofile nproc conf=/etc/containers/containers.conf
  nofile=$(ulimit -n); [ "$nofile" = unlimited ] || [ "$nofile" -ge 1024 ] && nofile=1024
  # nproc counts every process of the test user (all containers, and the slirp4netns helpers the
  # rootless service leaves behind), so it needs room for a whole test run.
  nproc=$(ulimit -u); [ "$nproc" = unlimited ] || [ "$nproc" -ge 8192 ] && nproc=8192
  local wanted
  wanted=$(cat <<EOF
# Written by mino's scripts/test-podman.sh for its integration tests.
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
)
  if [ -f "$conf" ] && [ "$(cat "$conf")" = "$wanted" ]; then
    log "containers.conf: already set"
    return
  fi
  mkdir -p /etc/containers
  if [ -f "$conf" ] && ! grep -q "scripts/test-podman.sh" "$conf"; then
    cp "$conf" "$conf.before-mino-tests"
    log "containers.conf: kept the previous file as $conf.before-mino-tests"
  fi
  printf '%s\n' "$wanted" > "$conf"
  log "containers.conf: written"
}

create_test_user() {
  if ! id "$TEST_USER" >/dev/null 2>&1; then
    useradd -m -s /bin/bash "$TEST_USER"
    log "user: created $TEST_USER"
  fi
  local f
  for f in /etc/subuid /etc/subgid; do
    touch "$f"
    grep -q "^$TEST_USER:" "$f" || echo "$TEST_USER:100000:65536" >> "$f"
  done
}

# Rootful Podman's userns=auto takes its ranges from the user "containers" (which need not exist).
add_containers_ids() {
  local f
  for f in /etc/subuid /etc/subgid; do
    touch "$f"
    grep -q "^containers:" "$f" || { echo "containers:$CONTAINERS_IDS" >> "$f"; log "$f: added containers:$CONTAINERS_IDS"; }
  done
}

# The ssh:// transport tests start their own sshd on 127.0.0.1 with a throw-away config; the
# package must be present, but no system-wide sshd may be started or enabled by installing it.
install_sshd() {
  mkdir -p /run/sshd
  if [ -x /usr/sbin/sshd ]; then
    log "sshd: present (not started)"
    return
  fi
  local own_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # Debian's documented switch that keeps maintainer scripts from starting services.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  log "sshd: installing openssh-server (not started)"
  apt-get update -qq >&2
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >&2 || status=$?
  [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ "$status" = 0 ] || die "apt-get install openssh-server failed (exit $status)"
  # The package enables ssh.service for the next boot; 'disable' also works without systemd running.
  if command -v systemctl >/dev/null 2>&1; then
    systemctl disable ssh.service >/dev/null 2>&1 || true
    [ ! -d /run/systemd/system ] || systemctl stop ssh.service ssh.socket >/dev/null 2>&1 || true
  fi
}

make_tun_usable() {
  if [ ! -c /dev/net/tun ]; then
    mkdir -p /dev/net
    mknod /dev/net/tun c 10 200
  fi
  chmod 666 /dev/net/tun
}

TEST_UID=
RUN_DIR=
SOCKET=

set_paths() {
  TEST_UID=$(id -u "$TEST_USER")
  RUN_DIR=/run/user/$TEST_UID
  SOCKET=$RUN_DIR/podman/podman.sock
}

prepare_runtime_dir() {
  mkdir -p "$RUN_DIR"
  chown "$TEST_USER:" "$RUN_DIR"
  chmod 700 "$RUN_DIR"
}

# Runs a command as the test user with a clean, rootless-Podman-friendly environment.
as_test_user() {
  (cd / && runuser -u "$TEST_USER" -- env -i HOME="/home/$TEST_USER" USER="$TEST_USER" \
    LOGNAME="$TEST_USER" XDG_RUNTIME_DIR="$RUN_DIR" PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
    "$@")
}

# Runs podman as root, for the rootful store.
as_root() {
  (cd / && "$@")
}

# Runs podman as root on the store of the service without subordinate ids.
as_root_noids() {
  (cd / && CONTAINERS_STORAGE_CONF=$NOIDS_STORAGE_CONF "$1" --tmpdir "$NOIDS_DIR/libpod" "${@:2}")
}

write_noids_storage_conf() {
  mkdir -p "$(dirname "$NOIDS_STORAGE_CONF")" "$NOIDS_DIR"
  cat > "$NOIDS_STORAGE_CONF" <<EOF
# Written by mino's scripts/test-podman.sh: a rootful store whose userns=auto user has no ranges.
[storage]
driver = "overlay"
runroot = "$NOIDS_DIR/storage"
graphroot = "/var/lib/mino-test-noids/storage"

[storage.options]
root-auto-userns-user = "mino-test-noids"
EOF
}

image_is_current() { # image [runner]
  local recipe
  recipe=$(${2:-as_test_user} podman image inspect --format "{{ index .Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null) \
    || return 1
  [ "$recipe" = "$IMAGE_RECIPE" ]
}

import_image() { # tarball image cmd: into the test user's store and root's (the rootful service's)
  local runner
  for runner in as_test_user as_root as_root_noids; do
    image_is_current "$2" "$runner" && continue
    "$runner" podman import --quiet --change "CMD $3" --change "LABEL $RECIPE_LABEL=$IMAGE_RECIPE" \
      "$1" "$2" >/dev/null
    log "image: imported $2 ($runner)"
  done
}

write_accounts() { # rootfs shell
  local root=$1 shell=$2
  cat > "$root/etc/passwd" <<EOF
root:x:0:0:root:/root:$shell
developer:x:1000:1000:developer:/home/developer:$shell
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
  cat > "$root/etc/group" <<EOF
root:x:0:
developer:x:1000:
nogroup:x:65534:
EOF
  mkdir -p "$root/home/developer" "$root/root"
  chown 1000:1000 "$root/home/developer"
  chmod 755 "$root/home/developer"
}

# A 2 MB image: a static busybox with every applet, and a developer user of uid 1000.
build_busybox_image() {
  if image_is_current "$BUSYBOX_IMAGE" && image_is_current "$BUSYBOX_IMAGE" as_root \
      && image_is_current "$BUSYBOX_IMAGE" as_root_noids; then
    log "image: $BUSYBOX_IMAGE present"
    return
  fi
  local tarball=$IMAGE_CACHE/mino-test-busybox-r$IMAGE_RECIPE.tar
  if [ ! -f "$tarball" ]; then
    local work
    work=$(mktemp -d)
    local root=$work/rootfs
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,var/tmp}
    chmod 1777 "$root/tmp" "$root/var/tmp"
    cp /bin/busybox "$root/bin/busybox"
    local applet
    for applet in $("$root/bin/busybox" --list-full); do
      [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
    done
    write_accounts "$root" /bin/sh
    tar --numeric-owner -C "$root" -cf "$work/image.tar" .
    mkdir -p "$IMAGE_CACHE"
    mv "$work/image.tar" "$tarball"
    rm -rf "$work"
  fi
  chmod 644 "$tarball"
  import_image "$tarball" "$BUSYBOX_IMAGE" '["/bin/sh"]'
}

# The apt mirror this machine itself uses for its release, so no host is named here.
debian_mirror() {
  local suite=$1 uri
  if [ -n "${MINO_TEST_DEBIAN_MIRROR:-}" ]; then
    echo "$MINO_TEST_DEBIAN_MIRROR"
    return
  fi
  # deb822 sources: a stanza whose Suites list the release itself.
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v suite="$suite" '
      /^URIs:/ { uris = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = uris }
      /^$/ { if (found != "") { print found; exit } uris = "" }
      END { if (found != "") print found }' | head -n 1)
  if [ -z "$uri" ]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk -v suite="$suite" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i+1) == suite) { print $i; exit } } }')
  fi
  [ -n "$uri" ] || die "no apt mirror for '$suite' found in /etc/apt; set MINO_TEST_DEBIAN_MIRROR"
  echo "$uri"
}

# About 270 MB: Debian minbase with iptables, nftables, python3, dnsmasq, capsh, netcat, the
# OpenSSH client, git and curl, for the egress firewall, SSH agent and credential proxy tests.
build_debian_image() {
  if image_is_current "$DEBIAN_IMAGE" && image_is_current "$DEBIAN_IMAGE" as_root \
      && image_is_current "$DEBIAN_IMAGE" as_root_noids; then
    log "image: $DEBIAN_IMAGE present"
    return
  fi
  local suite tarball
  # shellcheck disable=SC1091
  suite=${MINO_TEST_DEBIAN_SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}
  tarball=$IMAGE_CACHE/mino-test-debian-$suite-r$IMAGE_RECIPE.tar
  if [ ! -f "$tarball" ]; then
    local work mirror
    work=$(mktemp -d)
    mirror=$(debian_mirror "$suite")
    log "image: debootstrap $suite (about a minute)"
    debootstrap --variant=minbase --include=iptables,libcap2-bin,ca-certificates,netcat-openbsd,openssh-client,nftables,python3-minimal,dnsmasq-base,git,curl \
      "$suite" "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
      || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
    local root=$work/rootfs
    # Keep the distribution's system accounts and add developer (uid 1000).
    grep -q '^developer:' "$root/etc/passwd" || {
      echo "developer:x:1000:1000:developer:/home/developer:/bin/bash" >> "$root/etc/passwd"
      echo "developer:x:1000:" >> "$root/etc/group"
      echo "developer:*:19000:0:99999:7:::" >> "$root/etc/shadow"
    }
    mkdir -p "$root/home/developer"
    chown 1000:1000 "$root/home/developer"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/dev/*
    tar --numeric-owner -C "$root" -cf "$work/image.tar" .
    mkdir -p "$IMAGE_CACHE"
    mv "$work/image.tar" "$tarball"
    rm -rf "$work"
  fi
  chmod 644 "$tarball"
  import_image "$tarball" "$DEBIAN_IMAGE" '["/bin/bash"]'
}

ping_ok() {
  [ -S "$SOCKET" ] && [ "$(curl -s --max-time 2 --unix-socket "$SOCKET" http://podman/_ping 2>/dev/null)" = OK ]
}

# A Podman 4.3 service can deadlock on volume locks (containers/podman issue 20313): it still
# answers /_ping, but nothing that lists containers, and every podman command of the user that
# touches them hangs too. Only killing it clears that.
restart_wedged_service() {
  ping_ok || return 0
  if ! curl -s --max-time 15 --unix-socket "$SOCKET" -o /dev/null \
      "http://podman/v4.0.0/libpod/containers/json?all=true"; then
    log "service: answers /_ping but lists no containers within 15 s: killing it to start afresh"
    pkill -9 -u "$TEST_USER" -x podman || true
    sleep 1
  fi
}

start_service() {
  if ping_ok; then
    log "service: already answering on $SOCKET"
    return
  fi
  mkdir -p "$RUN_DIR/podman"
  chown "$TEST_USER:" "$RUN_DIR/podman"
  rm -f "$SOCKET"
  # setsid and no inherited stdio: the service outlives this script and holds none of its pipes.
  as_test_user setsid podman system service --time=0 "unix://$SOCKET" \
    > "$RUN_DIR/podman-service.log" 2>&1 < /dev/null &
  local i
  for i in $(seq 1 100); do
    ping_ok && { log "service: answering on $SOCKET"; return; }
    sleep 0.2
  done
  tail -n 20 "$RUN_DIR/podman-service.log" >&2 || true
  die "podman system service did not answer on $SOCKET within 20 s (its log is above)"
}

socket_ping_ok() { # socket
  [ -S "$1" ] && [ "$(curl -s --max-time 2 --unix-socket "$1" http://podman/_ping 2>/dev/null)" = OK ]
}

# A rootful service: same containers.conf, root's own store or the one of a storage.conf. It
# reads /etc/subuid once, so the containers ranges must be there before it starts.
start_rootful_service() { # socket [storage.conf podman-options...]
  local socket=$1 storage_conf=${2:-} dir
  dir=$(dirname "$socket")
  if socket_ping_ok "$socket"; then
    log "rootful service: already answering on $socket"
    return
  fi
  mkdir -p "$dir"
  rm -f "$socket"
  # setsid and no inherited stdio: the service outlives this script and holds none of its pipes.
  (cd / && exec env ${storage_conf:+CONTAINERS_STORAGE_CONF=$storage_conf} setsid podman "${@:3}" system service \
    --time=0 "unix://$socket") > "$dir/podman-service.log" 2>&1 < /dev/null &
  local i
  for i in $(seq 1 100); do
    socket_ping_ok "$socket" && { log "rootful service: answering on $socket"; return; }
    sleep 0.2
  done
  tail -n 20 "$dir/podman-service.log" >&2 || true
  die "rootful podman system service did not answer on $socket within 20 s (its log is above)"
}

stop_service() {
  pkill -u "$TEST_USER" -f "podman system service" || true
  # Only the rootful service this script starts: root's podman serving that socket.
  pkill -u root -f "podman system service --time=0 $ROOTFUL_HOST" || true
  pkill -u root -f "podman --tmpdir $NOIDS_DIR/libpod system service --time=0 $NOIDS_HOST" || true
  log "service: stopped"
}

main() {
  if [ "${1:-}" = --stop ]; then
    id "$TEST_USER" >/dev/null 2>&1 && stop_service
    return
  fi
  install_packages
  write_containers_conf
  create_test_user
  add_containers_ids
  write_noids_storage_conf
  install_sshd
  make_tun_usable
  set_paths
  prepare_runtime_dir
  restart_wedged_service
  as_test_user podman info --format '{{.Host.Security.Rootless}}' | grep -q true \
    || die "podman does not run rootless as $TEST_USER: see 'runuser -u $TEST_USER -- podman info'"
  build_busybox_image
  build_debian_image
  start_service
  start_rootful_service "$ROOTFUL_SOCKET"
  start_rootful_service "$NOIDS_SOCKET" "$NOIDS_STORAGE_CONF" --tmpdir "$NOIDS_DIR/libpod"
  echo "unix://$SOCKET"
}

main "$@"
