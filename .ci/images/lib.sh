# Shared helpers of the image scripts (sourced, not run).
# Images are built in two layers: a base image (a Debian root file system made by debootstrap from
# Debian packages, slow: about a minute) and the final image (the base plus the entrypoint written
# for this project, fast). Both are reused while their tag exists; the final tag carries a hash of
# the files it is built from, so a changed entrypoint gets a new image without a new debootstrap.

# Prints the tag of the final image made from the files of directory $1 (a hash of their contents).
# Prints the tag of final image $1, version $2, made from the files of directory $3: the version
# and a hash of the files' contents.
tether_image_tag() {
  local name=$1 version=$2 dir=$3
  local hash
  hash=$(cd "$dir" && cat $(ls | sort) | sha256sum | cut -c1-12)
  echo "tether-ci/${name}:${version}-${hash}"
}

tether_image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

# Makes base image $1 with debootstrap from the Debian packages $2 (comma-separated), unless it exists.
tether_debootstrap_base() {
  local tag=$1 packages=$2
  if tether_image_exists "$tag"; then
    echo "images: $tag exists, reused"
    return
  fi
  local root
  root=$(mktemp -d /tmp/tether-rootfs.XXXXXX)
  local started=$SECONDS
  echo "images: debootstrap of $packages into $root"
  debootstrap --variant=minbase --include="$packages" bookworm "$root" >"$root.log" 2>&1 \
    || { tail -n 30 "$root.log"; rm -rf "$root"; return 1; }
  # Smaller image: package caches, documentation and translations are not needed to run a server.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
  tar -C "$root" -c . | docker import -c 'LABEL dev.tether.ci=base' - "$tag" >/dev/null
  rm -rf "$root" "$root.log"
  echo "images: $tag built in $((SECONDS - started)) s"
}

# Builds final image $1 from directory $2 (a Dockerfile and what it copies) with build argument BASE=$3.
tether_build_final() {
  local tag=$1 dir=$2 base=$3
  if tether_image_exists "$tag"; then
    echo "images: $tag exists, reused"
    return
  fi
  local started=$SECONDS
  docker build -q --build-arg "BASE=$base" -t "$tag" "$dir" >/dev/null
  echo "images: $tag built in $((SECONDS - started)) s"
}

# Builds final image $1 like tether_build_final, with file $4 added to the build context.
tether_build_final_with() {
  local tag=$1 dir=$2 base=$3 extra=$4
  if tether_image_exists "$tag"; then
    echo "images: $tag exists, reused"
    return
  fi
  local context
  context=$(mktemp -d /tmp/tether-context.XXXXXX)
  cp "$dir"/* "$extra" "$context"/
  tether_build_final "$tag" "$context" "$base"
  rm -rf "$context"
}
