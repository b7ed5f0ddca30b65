#!/usr/bin/env bash
# Owns the ZedOps test environment: a private dockerd (unix socket + mTLS on
# 127.0.0.1), a local image registry, sshd on 127.0.0.1, the pz-sim image and
# the helper image that runs host operations on tls hosts.
# Usage: testenv.sh install | up | down [--purge] | status | env
# See testenv/README.md for the environment variables and env.json.
set -euo pipefail

STATE="${ZEDOPS_TESTENV_DIR:-/tmp/zedops-testenv}"
TLS_PORT="${ZEDOPS_TESTENV_TLS_PORT:-2376}"
REGISTRY_PORT="${ZEDOPS_TESTENV_REGISTRY_PORT:-5000}"
SSH_PORT="${ZEDOPS_TESTENV_SSH_PORT:-2222}"
BRIDGE="${ZEDOPS_TESTENV_BRIDGE:-zedops-br0}"
BRIDGE_CIDR="${ZEDOPS_TESTENV_BRIDGE_CIDR:-10.213.0.1/24}"
ADDRESS_POOL="${ZEDOPS_TESTENV_ADDRESS_POOL:-10.214.0.0/16}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(docker.io docker-registry openssh-server chromium xvfb openssl iproute2 ca-certificates busybox-static)
# The Debian CLI; a newer /usr/local/bin/docker may lack the legacy builder.
DOCKER_CLI=/usr/bin/docker
SYSTEM_PATH=/usr/sbin:/usr/bin:/sbin:/bin
# pz-sim is built from this node binary and the libraries it links.
NODE_BIN=/usr/bin/node
[[ -x $NODE_BIN ]] || NODE_BIN=$(command -v node || echo /usr/bin/node)
MARKER="$STATE/.zedops-testenv"
PIDS="$STATE/pids"
LOGS="$STATE/logs"
SOCK="$STATE/docker.sock"
EXEC_ROOT="$STATE/run"
TLS="$STATE/tls"
SSH_DIR="$STATE/ssh"
IMAGE_REPO="127.0.0.1:$REGISTRY_PORT/zedops/pz-sim"
HELPER_REPO="127.0.0.1:$REGISTRY_PORT/zedops/helper"
# The helper image is built from Debian's busybox-static: one static binary.
BUSYBOX=/bin/busybox

log() { echo "testenv: $*" >&2; }
die() {
  echo "testenv: error: $*" >&2
  exit 1
}

# --- processes we started -------------------------------------------------

cmdline_of() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null; }

# True while the process exists and is not a zombie (a daemon that died
# before this script reaped it still has a /proc entry).
alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# Prints the pid recorded for a piece if that process is alive and is still
# the program we started with this state dir (pids get reused).
running_pid() {
  local piece=$1 program=$2 pid cmd
  [[ -f $PIDS/$piece.pid ]] || return 1
  read -r pid 2>/dev/null <"$PIDS/$piece.pid" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  cmd=$(cmdline_of "$pid") || return 1
  [[ $cmd == *"$program"* && $cmd == *"$STATE/"* ]] || return 1
  echo "$pid"
}

# A piece is current when it runs with the same command line and config
# as this invocation would start; otherwise `up` restarts it.
is_current() {
  local piece=$1 program=$2 spec=$3
  running_pid "$piece" "$program" >/dev/null && [[ -f $PIDS/$piece.spec && "$(<"$PIDS/$piece.spec")" == "$spec" ]]
}

wait_gone() {
  local pid=$1 tries=$2
  while ((tries-- > 0)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  ! alive "$pid"
}

stop_piece() {
  local piece=$1 program=$2 grace_tenths=${3:-50} pid
  if pid=$(running_pid "$piece" "$program"); then
    log "stopping $piece (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$grace_tenths"; then
      log "$piece did not stop in time; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 50 || die "$piece (pid $pid) survived SIGKILL"
    fi
  fi
  rm -f "$PIDS/$piece.pid" "$PIDS/$piece.spec"
}

# Starts a daemon in its own session with its output in a log file, so it
# outlives this script and the test runner that called it.
launch() {
  local piece=$1 spec=$2
  shift 2
  echo "--- $(date -u +%FT%TZ) starting: $*" >>"$LOGS/$piece.log"
  setsid "$@" </dev/null >>"$LOGS/$piece.log" 2>&1 &
  echo $! >"$PIDS/$piece.pid"
  printf '%s' "$spec" >"$PIDS/$piece.spec"
}

port_taken() { [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]; }

tcp_answer() { # port request -> first line of the reply
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    [[ -z $2 ]] || printf '%b' "$2" >&3
    IFS= read -r -t 2 line <&3 || exit 1
    printf '%s\n' "${line%$'\r'}"
  ) 2>/dev/null
}

# --- system packages -------------------------------------------------------

missing_packages() {
  local package
  for package in "${PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" == installed ]] || echo "$package"
  done
}

cmd_install() {
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  if ((EUID != 0)); then
    die "install: missing packages: ${missing[*]}. Run this as root, or: sudo apt-get install -y ${missing[*]}"
  fi
  command -v apt-get >/dev/null || die "install: apt-get not found; the test environment needs Debian or Ubuntu"
  log "installing ${missing[*]} (log: $LOGS/install.log)"
  # Keep the packages' own services (system dockerd, registry on :5000, sshd on
  # :22) from starting: this environment runs its own copies.
  local policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  local status=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  } >>"$LOGS/install.log" 2>&1 || status=$?
  ((status == 0)) || die "install: apt-get failed for ${missing[*]}; see $LOGS/install.log"
}

# --- stale state -------------------------------------------------------------

in_cidr() { # ip cidr
  local ip=$1 net=${2%/*} bits=${2#*/} a b c d
  IFS=. read -r a b c d <<<"$ip"
  local ip_n=$(((a << 24) | (b << 16) | (c << 8) | d))
  IFS=. read -r a b c d <<<"$net"
  local net_n=$(((a << 24) | (b << 16) | (c << 8) | d))
  local mask=$(((0xffffffff << (32 - bits)) & 0xffffffff))
  (((ip_n & mask) == (net_n & mask)))
}

# What a dead dockerd of ours leaves running: its containerd and shims (their
# command lines name our exec root), container processes (in cgroups named
# after containers in our data root) and docker-proxy processes that forward
# to our subnets.
kill_orphans() {
  local proc pid cmd victims=() id procs
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    cmd=$(cmdline_of "$pid") || continue
    case "$cmd" in
    containerd*"$EXEC_ROOT/"* | */containerd*"$EXEC_ROOT/"*) victims+=("$pid") ;;
    *docker-proxy*-container-ip*)
      local ip
      ip=$(sed -n 's/.*-container-ip \([0-9.]*\).*/\1/p' <<<"$cmd")
      if [[ -n $ip ]] && { in_cidr "$ip" "$BRIDGE_CIDR" || in_cidr "$ip" "$ADDRESS_POOL"; }; then
        victims+=("$pid")
      fi
      ;;
    esac
  done
  if [[ -d $STATE/docker/containers ]]; then
    for id in "$STATE"/docker/containers/*; do
      id=${id##*/}
      [[ $id =~ ^[0-9a-f]{64}$ ]] || continue
      for procs in /sys/fs/cgroup/*/docker/"$id"/cgroup.procs /sys/fs/cgroup/docker/"$id"/cgroup.procs; do
        if [[ -f $procs ]]; then
          mapfile -t -O "${#victims[@]}" victims <"$procs"
        fi
      done
    done
  fi
  if ((${#victims[@]} > 0)); then
    mapfile -t victims < <(printf '%s\n' "${victims[@]}" | sort -un)
    log "killing ${#victims[@]} leftover process(es) of a previous dockerd"
    kill -KILL "${victims[@]}" 2>/dev/null || true
    sleep 0.2
  fi
}

unmount_under_state() {
  local mounts
  mapfile -t mounts < <(awk -v prefix="$STATE/" 'index($5, prefix) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  local target
  for target in "${mounts[@]}"; do
    target=$(printf '%b' "$target") # mountinfo escapes spaces as \040
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || log "could not unmount $target"
  done
}

clean_stale_docker_state() {
  kill_orphans
  unmount_under_state
  rm -rf "$EXEC_ROOT"
  rm -f "$SOCK" "$PIDS/dockerd.self.pid"
}

# --- certificates --------------------------------------------------------------

make_ca() { # name cn
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1-key.pem"
  openssl req -x509 -new -config openssl.cnf -extensions v3_ca -key "$1-key.pem" -subj "/CN=$2" \
    -days 3650 -sha256 -out "$1.pem"
}

make_cert() { # name ca cn extensions
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1-key.pem"
  openssl req -new -config openssl.cnf -key "$1-key.pem" -subj "/CN=$3" -out "$1.csr"
  printf '%s\n' "$4" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial -days 3650 -sha256 \
    -extfile "$1.ext" -out "$1-cert.pem"
  rm -f "$1.csr" "$1.ext"
}

ensure_certs() {
  if [[ -f $TLS/complete ]]; then
    return 0
  fi
  log "making TLS certificates"
  rm -rf "$TLS"
  mkdir -p "$TLS"
  chmod 700 "$TLS"
  (
    cd "$TLS"
    umask 077
    cat >openssl.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
EOF
    make_ca ca "ZedOps testenv CA"
    make_cert server ca localhost \
      $'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment'
    make_cert client ca zedops-test-client $'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature'
    make_ca other-ca "Unrelated CA"
    make_cert other-client other-ca intruder $'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature'
    chmod 644 ./*.pem
    chmod 600 ./*-key.pem
  ) >>"$LOGS/tls.log" 2>&1 || die "tls: openssl failed; see $LOGS/tls.log"
  touch "$TLS/complete"
}

# --- dockerd ------------------------------------------------------------------

docker_cli() {
  DOCKER_HOST="unix://$SOCK" DOCKER_CONFIG="$STATE/docker-cli" DOCKER_BUILDKIT=0 \
    DOCKER_TLS_VERIFY='' DOCKER_CERT_PATH='' DOCKER_CONTEXT='' "$DOCKER_CLI" "$@"
}

ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add name "$BRIDGE" type bridge || die "dockerd: could not create bridge $BRIDGE; see the message above"
    touch "$PIDS/bridge.created"
  fi
  if ! ip -4 addr show dev "$BRIDGE" | grep -q "inet $BRIDGE_CIDR "; then
    ip addr add "$BRIDGE_CIDR" dev "$BRIDGE" || die "dockerd: could not give $BRIDGE the address $BRIDGE_CIDR"
  fi
  ip link set "$BRIDGE" up
}

set_dockerd_args() { # storage driver
  DOCKERD_ARGS=(/usr/sbin/dockerd
    --config-file "$STATE/dockerd.json" \
    --data-root "$STATE/docker" --exec-root "$EXEC_ROOT" --pidfile "$PIDS/dockerd.self.pid"
    -H "unix://$SOCK" -H "tcp://127.0.0.1:$TLS_PORT"
    --tlsverify --tlscacert "$TLS/ca.pem" --tlscert "$TLS/server-cert.pem" --tlskey "$TLS/server-key.pem"
    --bridge "$BRIDGE" --iptables=false --ip-masq=false --ip-forward=false
    --default-address-pool "base=$ADDRESS_POOL,size=24"
    --storage-driver "$1" --shutdown-timeout 10)
}

wait_for_dockerd() { # pid -> 0 ready, 1 died, 2 timed out
  local pid=$1 tries=400
  while ((tries-- > 0)); do
    if docker_cli version --format '{{.Server.Version}}' >/dev/null 2>&1; then
      return 0
    fi
    alive "$pid" || return 1
    sleep 0.1
  done
  return 2
}

ensure_dockerd() {
  local driver spec
  driver=$(cat "$STATE/storage-driver" 2>/dev/null || echo overlay2)
  set_dockerd_args "$driver"
  spec="${DOCKERD_ARGS[*]}"
  if is_current dockerd dockerd "$spec" && docker_cli version >/dev/null 2>&1; then
    return 0
  fi
  ((EUID == 0)) || die "dockerd: not running, and starting it needs root (see $LOGS/dockerd.log)"
  stop_piece dockerd dockerd 300
  clean_stale_docker_state
  if port_taken "$TLS_PORT"; then
    die "dockerd: port $TLS_PORT on 127.0.0.1 is taken by another process; set ZEDOPS_TESTENV_TLS_PORT"
  fi
  ensure_bridge
  # An empty config keeps /etc/docker/daemon.json (the system daemon's) out.
  echo '{}' >"$STATE/dockerd.json"
  mkdir -p "$STATE/docker-cli"
  local attempt status
  for attempt in 1 2; do
    log "starting dockerd (storage driver $driver)"
    launch dockerd "$spec" env PATH="$SYSTEM_PATH" "${DOCKERD_ARGS[@]}"
    status=0
    wait_for_dockerd "$(<"$PIDS/dockerd.pid")" || status=$?
    if ((status == 0)); then
      echo "$driver" >"$STATE/storage-driver"
      break
    fi
    if ((status == 1)) && [[ $driver == overlay2 ]] && grep -qiE 'overlay|graphdriver' "$LOGS/dockerd.log"; then
      log "overlay2 does not work here; retrying with vfs"
      driver=vfs
      set_dockerd_args "$driver"
      spec="${DOCKERD_ARGS[*]}"
      clean_stale_docker_state
      continue
    fi
    stop_piece dockerd dockerd 50
    die "dockerd: did not come up; see $LOGS/dockerd.log"
  done
  ((status == 0)) || die "dockerd: did not come up; see $LOGS/dockerd.log"
  DOCKER_HOST="tcp://127.0.0.1:$TLS_PORT" DOCKER_CONFIG="$STATE/docker-cli" "$DOCKER_CLI" \
    --tlsverify --tlscacert "$TLS/ca.pem" --tlscert "$TLS/client-cert.pem" --tlskey "$TLS/client-key.pem" \
    version >/dev/null 2>>"$LOGS/dockerd.log" || die "dockerd: mTLS on 127.0.0.1:$TLS_PORT does not answer; see $LOGS/dockerd.log"
}

# --- registry -------------------------------------------------------------------

ensure_registry() {
  local config="$STATE/registry/config.yml" spec
  mkdir -p "$STATE/registry/data"
  cat >"$config.new" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $STATE/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  secret: zedops-testenv
EOF
  mv "$config.new" "$config"
  spec="/usr/bin/docker-registry serve $config $(sha256sum <"$config")"
  is_current registry docker-registry "$spec" && return 0
  stop_piece registry docker-registry
  if port_taken "$REGISTRY_PORT"; then
    die "registry: port $REGISTRY_PORT on 127.0.0.1 is taken by another process; set ZEDOPS_TESTENV_REGISTRY_PORT"
  fi
  log "starting registry on 127.0.0.1:$REGISTRY_PORT"
  launch registry "$spec" /usr/bin/docker-registry serve "$config"
  local tries=100
  until [[ "$(tcp_answer "$REGISTRY_PORT" 'GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')" == "HTTP/1."?" 200"* ]]; do
    ((tries-- > 0)) && alive "$(<"$PIDS/registry.pid")" || die "registry: did not come up; see $LOGS/registry.log"
    sleep 0.1
  done
}

# --- sshd -------------------------------------------------------------------------

ensure_sshd() {
  local config="$SSH_DIR/sshd_config" spec
  mkdir -p "$SSH_DIR"
  chmod 700 "$SSH_DIR"
  if [[ ! -f $SSH_DIR/ssh_host_ed25519_key ]]; then
    ssh-keygen -q -t ed25519 -N '' -C zedops-testenv-host -f "$SSH_DIR/ssh_host_ed25519_key"
  fi
  if [[ ! -f $SSH_DIR/id_ed25519 ]]; then
    ssh-keygen -q -t ed25519 -N '' -C zedops-testenv-client -f "$SSH_DIR/id_ed25519"
  fi
  cp "$SSH_DIR/id_ed25519.pub" "$SSH_DIR/authorized_keys"
  cat >"$config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH_DIR/ssh_host_ed25519_key
PidFile $PIDS/sshd.self.pid
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
X11Forwarding no
PrintMotd no
LogLevel VERBOSE
Subsystem sftp internal-sftp
EOF
  spec="/usr/sbin/sshd -D -f $config -E $LOGS/sshd.log $(sha256sum <"$config")"
  is_current sshd sshd "$spec" && return 0
  ((EUID == 0)) || die "sshd: not running, and starting it needs root"
  stop_piece sshd sshd
  if port_taken "$SSH_PORT"; then
    die "sshd: port $SSH_PORT on 127.0.0.1 is taken by another process; set ZEDOPS_TESTENV_SSH_PORT"
  fi
  mkdir -p /run/sshd
  /usr/sbin/sshd -t -f "$config" >"$LOGS/sshd.log" 2>&1 || die "sshd: invalid configuration; see $LOGS/sshd.log"
  log "starting sshd on 127.0.0.1:$SSH_PORT"
  launch sshd "$spec" /usr/sbin/sshd -D -f "$config" -E "$LOGS/sshd.log"
  local tries=100
  until [[ "$(tcp_answer "$SSH_PORT" '')" == SSH-2.0-* ]]; do
    ((tries-- > 0)) && alive "$(<"$PIDS/sshd.pid")" || die "sshd: did not come up; see $LOGS/sshd.log"
    sleep 0.1
  done
}

# --- pz-sim image -------------------------------------------------------------------

node_libraries() { ldd "$NODE_BIN" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'; }

ensure_pz_sim() {
  [[ -x $NODE_BIN ]] || die "pz-sim: $NODE_BIN not found; the image is built from the machine's node binary"
  local sources=("$HERE/pz-sim/Dockerfile" "$HERE/pz-sim/sim.mjs" "$HERE/pz-sim/healthcheck.mjs") libs hash current
  mapfile -t libs < <(node_libraries)
  hash=$(cat "${sources[@]}" "$NODE_BIN" "${libs[@]}" | sha256sum | cut -c1-32)
  current=$(docker_cli image inspect -f '{{index .Config.Labels "zedops.pz-sim.hash"}}' "$IMAGE_REPO:latest" 2>/dev/null || true)
  if [[ $current != "$hash" ]]; then
    build_pz_sim "$hash" "${libs[@]}"
  fi
  local tags="$STATE/registry/data/docker/registry/v2/repositories/zedops/pz-sim/_manifests/tags"
  if [[ "$(cat "$STATE/pz-sim-pushed" 2>/dev/null)" != "$hash $REGISTRY_PORT" || ! -d $tags/latest || ! -d $tags/pulltest ]]; then
    log "pushing $IMAGE_REPO:latest and :pulltest (log: $LOGS/pz-sim-push.log)"
    {
      docker_cli tag "$IMAGE_REPO:latest" "$IMAGE_REPO:pulltest" &&
        docker_cli push "$IMAGE_REPO:latest" && docker_cli push "$IMAGE_REPO:pulltest"
    } >"$LOGS/pz-sim-push.log" 2>&1 || die "pz-sim: push to the registry failed; see $LOGS/pz-sim-push.log"
    echo "$hash $REGISTRY_PORT" >"$STATE/pz-sim-pushed"
    # Drop the builds this one replaced; they no longer carry a tag.
    docker_cli image prune -f --filter label=zedops.pz-sim.hash >>"$LOGS/pz-sim-push.log" 2>&1 || true
  fi
}

build_pz_sim() {
  local hash=$1 context="$STATE/pz-sim-context" lib
  shift
  log "building pz-sim image (log: $LOGS/pz-sim-build.log)"
  rm -rf "$context"
  mkdir -p "$context/rootfs/usr/bin" "$context/rootfs/opt/pz-sim" "$context/rootfs/tmp" \
    "$context/rootfs/home/steam/Zomboid" "$context/rootfs/home/steam/ZomboidDedicatedServer"
  chmod 1777 "$context/rootfs/tmp"
  cp "$NODE_BIN" "$context/rootfs/usr/bin/node"
  for lib in "$@"; do
    mkdir -p "$context/rootfs$(dirname "$lib")"
    cp -L "$lib" "$context/rootfs$lib"
  done
  cp "$HERE/pz-sim/sim.mjs" "$HERE/pz-sim/healthcheck.mjs" "$context/rootfs/opt/pz-sim/"
  cp "$HERE/pz-sim/Dockerfile" "$context/Dockerfile"
  docker_cli build --label "zedops.pz-sim.hash=$hash" -t "$IMAGE_REPO:latest" "$context" \
    >"$LOGS/pz-sim-build.log" 2>&1 || die "pz-sim: image build failed; see $LOGS/pz-sim-build.log"
  rm -rf "$context"
}

# --- helper image -------------------------------------------------------------------

# Stands in for busybox:1.36 (no Docker Hub here): FROM scratch with /bin/busybox
# and a symlink per applet, as in the official image.
HELPER_DOCKERFILE='# The host-ops helper image: busybox and its applets. testenv.sh assembles rootfs/.
FROM scratch
COPY rootfs/ /
CMD ["sh"]'

ensure_helper() {
  [[ -x $BUSYBOX ]] || die "helper: $BUSYBOX not found; run: $0 install (package busybox-static)"
  if ldd "$BUSYBOX" >/dev/null 2>&1; then
    die "helper: $BUSYBOX is dynamically linked; install busybox-static (it replaces busybox)"
  fi
  local hash current
  hash=$({ printf '%s' "$HELPER_DOCKERFILE" && cat "$BUSYBOX"; } | sha256sum | cut -c1-32)
  current=$(docker_cli image inspect -f '{{index .Config.Labels "zedops.helper.hash"}}' "$HELPER_REPO:latest" 2>/dev/null || true)
  if [[ $current != "$hash" ]]; then
    build_helper "$hash"
  fi
  local tags="$STATE/registry/data/docker/registry/v2/repositories/zedops/helper/_manifests/tags"
  if [[ "$(cat "$STATE/helper-pushed" 2>/dev/null)" != "$hash $REGISTRY_PORT" || ! -d $tags/latest || ! -d $tags/pulltest ]]; then
    log "pushing $HELPER_REPO:latest and :pulltest (log: $LOGS/helper-push.log)"
    {
      docker_cli tag "$HELPER_REPO:latest" "$HELPER_REPO:pulltest" &&
        docker_cli push "$HELPER_REPO:latest" && docker_cli push "$HELPER_REPO:pulltest"
    } >"$LOGS/helper-push.log" 2>&1 || die "helper: push to the registry failed; see $LOGS/helper-push.log"
    echo "$hash $REGISTRY_PORT" >"$STATE/helper-pushed"
    docker_cli image prune -f --filter label=zedops.helper.hash >>"$LOGS/helper-push.log" 2>&1 || true
  fi
}

build_helper() {
  local hash=$1 context="$STATE/helper-context" applet
  log "building the helper image (log: $LOGS/helper-build.log)"
  rm -rf "$context"
  mkdir -p "$context/rootfs/bin" "$context/rootfs/tmp"
  chmod 1777 "$context/rootfs/tmp"
  cp "$BUSYBOX" "$context/rootfs/bin/busybox"
  for applet in $("$BUSYBOX" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$context/rootfs/bin/$applet"
  done
  printf '%s\n' "$HELPER_DOCKERFILE" >"$context/Dockerfile"
  docker_cli build --label "zedops.helper.hash=$hash" -t "$HELPER_REPO:latest" "$context" \
    >"$LOGS/helper-build.log" 2>&1 || die "helper: image build failed; see $LOGS/helper-build.log"
  rm -rf "$context"
}

# --- env.json -------------------------------------------------------------------------

write_env_json() {
  local version fingerprint host_key
  version=$(docker_cli version --format '{{.Server.Version}}')
  fingerprint=$(ssh-keygen -l -E sha256 -f "$SSH_DIR/ssh_host_ed25519_key.pub" | awk '{ print $2 }')
  host_key=$(awk '{ print $1 " " $2 }' "$SSH_DIR/ssh_host_ed25519_key.pub")
  STATE="$STATE" SOCK="$SOCK" VERSION="$version" TLS="$TLS" TLS_PORT="$TLS_PORT" REGISTRY_PORT="$REGISTRY_PORT" \
    SSH_PORT="$SSH_PORT" SSH_DIR="$SSH_DIR" FINGERPRINT="$fingerprint" HOST_KEY="$host_key" IMAGE_REPO="$IMAGE_REPO" \
    HELPER_REPO="$HELPER_REPO" "$NODE_BIN" -e '
      const e = process.env;
      const env = {
        stateDir: e.STATE,
        dockerHost: `unix://${e.SOCK}`,
        dockerSocket: e.SOCK,
        dockerVersion: e.VERSION,
        tls: {
          host: "127.0.0.1", port: Number(e.TLS_PORT),
          ca: `${e.TLS}/ca.pem`, cert: `${e.TLS}/client-cert.pem`, key: `${e.TLS}/client-key.pem`,
          otherCa: `${e.TLS}/other-ca.pem`, otherCert: `${e.TLS}/other-client-cert.pem`, otherKey: `${e.TLS}/other-client-key.pem`,
        },
        registry: `127.0.0.1:${e.REGISTRY_PORT}`,
        ssh: {
          host: "127.0.0.1", port: Number(e.SSH_PORT), user: "root", identity: `${e.SSH_DIR}/id_ed25519`,
          hostKeyFingerprint: e.FINGERPRINT, hostPublicKey: e.HOST_KEY,
        },
        pzSimImage: `${e.IMAGE_REPO}:latest`,
        pzSimPullTestImage: `${e.IMAGE_REPO}:pulltest`,
        helperImage: `${e.HELPER_REPO}:latest`,
        helperPullTestImage: `${e.HELPER_REPO}:pulltest`,
      };
      require("node:fs").writeFileSync(`${e.STATE}/env.json.tmp`, JSON.stringify(env, null, 2) + "\n");
    '
  mv "$STATE/env.json.tmp" "$STATE/env.json"
}

# --- subcommands ------------------------------------------------------------------------

prepare_state_dir() {
  [[ $STATE == /* && $STATE != / ]] || die "ZEDOPS_TESTENV_DIR must be an absolute path other than /"
  if [[ -d $STATE && ! -f $MARKER && -n "$(ls -A "$STATE")" ]]; then
    die "$STATE exists and was not made by testenv.sh; choose another ZEDOPS_TESTENV_DIR"
  fi
  mkdir -p "$PIDS" "$LOGS"
  touch "$MARKER"
}

cmd_up() {
  cmd_install
  [[ -x $DOCKER_CLI ]] || DOCKER_CLI=$(command -v docker) || die "docker CLI not found; run: $0 install"
  ensure_certs
  ensure_dockerd
  ensure_registry
  ensure_sshd
  ensure_pz_sim
  ensure_helper
  write_env_json
  echo "$STATE/env.json"
}

cmd_down() {
  local purge=0
  if [[ ${1:-} == --purge ]]; then
    purge=1
  fi
  if [[ ! -d $STATE ]]; then
    log "nothing to stop: $STATE does not exist"
    return 0
  fi
  [[ -f $MARKER ]] || die "$STATE was not made by testenv.sh; not touching it"
  stop_piece sshd sshd
  stop_piece registry docker-registry
  stop_piece dockerd dockerd 300
  clean_stale_docker_state
  if [[ -f $PIDS/bridge.created ]]; then
    ip link del "$BRIDGE" 2>/dev/null || true
    rm -f "$PIDS/bridge.created"
  fi
  rm -f "$STATE/env.json"
  if ((purge)); then
    unmount_under_state
    if mountpoint -q "$STATE"; then
      find "$STATE" -mindepth 1 -maxdepth 1 -exec rm -rf {} + || die "could not empty $STATE"
      log "emptied $STATE (a mount point, so kept)"
    else
      rm -rf "$STATE" || die "could not remove $STATE"
      log "removed $STATE"
    fi
  fi
}

cmd_status() {
  local piece program pid
  for piece in dockerd:dockerd registry:docker-registry sshd:sshd; do
    program=${piece#*:}
    piece=${piece%%:*}
    if pid=$(running_pid "$piece" "$program"); then
      printf '%-9s running (pid %s)\n' "$piece" "$pid"
    else
      printf '%-9s stopped\n' "$piece"
    fi
  done
  if [[ -f $STATE/env.json ]]; then
    echo "env.json: $STATE/env.json"
  else
    echo "env.json: none (run: $0 up)"
  fi
}

cmd_env() {
  [[ -f $STATE/env.json ]] || die "no $STATE/env.json; run: $0 up"
  cat "$STATE/env.json"
}

main() {
  local command=${1:-}
  shift || true
  case "$command" in
  install | up) prepare_state_dir ;;
  esac
  case "$command" in
  install) cmd_install ;;
  up) cmd_up ;;
  down) cmd_down "$@" ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 install | up | down [--purge] | status | env" >&2
    exit 2
    ;;
  esac
}

main "$@"
