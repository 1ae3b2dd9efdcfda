# unit-build.sh — sourced by lang.sh and sentiment.sh: sets root (the
# project) and build (the build whose unit-test binaries serve as
# drivers): the build of $VEILLE_BIN (bin -> build, build/asan/bin ->
# build/asan), else build/.
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${VEILLE_BIN:-$root/bin}
case "$bin" in
*/bin) build=$(dirname "$bin") ;;
*) build=$root/build ;;
esac
[ -d "$build/unit" ] || build=$root/build
