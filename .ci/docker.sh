# Sourced by .ci/run: a Docker engine for the container tests (Testcontainers), on this machine.
# Installs Debian's docker.io and debootstrap when missing, starts dockerd when no engine answers
# (published ports bound to 127.0.0.1 only, so container traffic stays on the machine), removes
# containers a killed test JVM left behind (label dev.tether.test; Ryuk, Testcontainers' own
# reaper, is an image that cannot be pulled here), and builds the local database images.
# Nothing here fails the run: without an engine the container tests are skipped, and say so.

tether_started_dockerd=""

tether_remove_leftover_containers() {
  local leftovers
  leftovers=$(docker ps -aq --filter label=dev.tether.test 2>/dev/null || true)
  if [ -n "$leftovers" ]; then
    echo "docker: removing containers left by an earlier run: $(echo $leftovers)"
    docker rm -f -v $leftovers >/dev/null 2>&1 || true
  fi
}

tether_docker_setup() {
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q docker.io debootstrap >/dev/null \
      || { echo "docker: could not install docker.io/debootstrap; container tests will be skipped"; return 0; }
  fi
  if ! docker info >/dev/null 2>&1; then
    dockerd --ip=127.0.0.1 >/var/log/tether-dockerd.log 2>&1 &
    tether_started_dockerd=$!
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    if ! docker info >/dev/null 2>&1; then
      echo "docker: dockerd did not start (see /var/log/tether-dockerd.log); container tests will be skipped"
      tether_docker_stop
      return 0
    fi
  fi
  tether_remove_leftover_containers
  local started=$SECONDS
  if ! bash .ci/images/build.sh; then
    # Without the local images the tests would try to pull the official ones, which fails here:
    # stop the engine so that they are skipped instead, with the reason above.
    echo "docker: the local images could not be built; container tests will be skipped"
    tether_docker_stop
    return 0
  fi
  echo "docker: engine up, images ready in $((SECONDS - started)) s"
}

tether_docker_stop() {
  if [ -n "$tether_started_dockerd" ]; then
    kill "$tether_started_dockerd" 2>/dev/null || true
    wait "$tether_started_dockerd" 2>/dev/null || true
    tether_started_dockerd=""
  fi
}

tether_docker_teardown() {
  if docker info >/dev/null 2>&1; then
    tether_remove_leftover_containers
  fi
  tether_docker_stop
}
