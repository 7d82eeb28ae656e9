# Sourced by the setup scripts: apt_install PACKAGE WHY installs one Debian package, as root or through sudo, or
# stops with an error that says what WHY needed it for.
apt_install() {
  local package="$1" why="$2" sudo=""
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $why needs the Debian package $package, and apt-get is not available to install it." >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "error: $why needs the Debian package $package; installing it needs root (or sudo), and this is user $(id -un)." >&2
      exit 1
    fi
  fi
  echo "Installing the Debian package $package ($why)"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "$package" >/dev/null
}
