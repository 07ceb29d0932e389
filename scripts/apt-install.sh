# Sourced by the install scripts: `apt_install PACKAGE...` installs the Debian packages given (none
# given: nothing to do), through sudo when not root. Their services are not wanted: tests start
# their own, on loopback ports.
apt_install() {
  [ $# -gt 0 ] || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
