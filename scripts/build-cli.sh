#!/usr/bin/env bash
# Build the terraform or tofu CLI from its source on the Go module proxy (the
# only network source CI and the lab can count on: no release downloads).
#
#   scripts/build-cli.sh terraform 1.13.3 OUT
#   scripts/build-cli.sh tofu 1.12.6 OUT
#
# `go install` refuses Terraform >= 1.9 and OpenTofu >= 1.7 because their
# go.mod has replace directives, so the module is fetched with
# `go mod download`, copied to a scratch dir and built there with
# `go build`, stamped as a release (`version` prints "Terraform v1.13.3", not
# "-dev"), checked, then renamed into OUT. An OUT that already reports the
# wanted version is left alone: delete it to rebuild. Only OUT, a scratch dir
# (removed on exit) and go's own module and build caches are written.
#
# Terraform's go.mod replaces nested modules with dirs that its module zip
# does not hold (the azurerm, consul, cos, gcs, kubernetes, oss, pg, s3 and
# oci state backends, internal/legacy). They are dropped from go.mod and
# from the backend registry: local, http, inmem, remote and cloud remain,
# which is all the lab and the tests use. OpenTofu builds as published.
set -euo pipefail

die() { printf 'build-cli: ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf 'build-cli: %s\n' "$*"; }

[[ $# -eq 3 ]] || die "usage: $0 terraform|tofu VERSION OUT"
tool=$1 version=${2#v} out=$3
case $tool in
  terraform) mod=github.com/hashicorp/terraform pkg=. name=Terraform ;;
  tofu) mod=github.com/opentofu/opentofu pkg=./cmd/tofu name=OpenTofu ;;
  *) die "unknown CLI '$tool' (want terraform or tofu)" ;;
esac
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "bad version '$2' (want e.g. 1.13.3)"
want="$name v$version"
command -v go >/dev/null || die "go is not in PATH"
[[ $out == /* ]] || out=$PWD/$out
mkdir -p "$(dirname "$out")"

# The "NAME vX.Y.Z" line of `CLI version`, run from / so that no
# configuration in the current dir is read, with an empty CLI configuration
# (tofu prints its warnings about a TF_CLI_CONFIG_FILE it cannot open on
# stdout, before the version) and without terraform's checkpoint call.
cli_version_output() {
  (cd / && CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>&1) || true
}
cli_version() {
  cli_version_output "$1" | sed -n "/^$name v/p"
}

if [[ -x $out && $(cli_version "$out") == "$want" ]]; then
  say "$out is already $want"
  exit 0
fi

# Only go's defaults and this script's choices: a developer's GOFLAGS
# (-mod=vendor, ...) or an enclosing go.work must not change the build.
# CGO_ENABLED=0 as in the upstream release builds: a static binary, and no C
# compiler needed on CI. GOTOOLCHAIN is left alone: with "auto" go fetches
# a newer toolchain that a go.mod asks for from the module proxy.
export GOFLAGS=-buildvcs=false GOWORK=off CGO_ENABLED=0

# A fresh scratch copy per run: the module cache is read-only, and a copy
# left half-patched by an interrupted run must never be built from.
scratch=$(mktemp -d -t build-cli.XXXXXX)
tmp=$out.tmp.$$
trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch" "$tmp"' EXIT
start=$SECONDS

say "fetching $mod@v$version through the Go module proxy"
# The -json answer's "Dir" is the unpacked module, its "Error" the reason.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" <<<"$json"; }
json=$(cd "$scratch" && go mod download -json "$mod@v$version") ||
  die "go mod download $mod@v$version failed: $(json_field Error)"
dir=$(json_field Dir)
[[ -n $dir && -f $dir/go.mod ]] || die "go mod download gave no module dir for $mod@v$version"
src=$scratch/src
cp -r "$dir" "$src"
chmod -R u+w "$src"
cd "$src"

# Fail early on a go older than go.mod asks for (with GOTOOLCHAIN=auto, go
# fetches the newer toolchain here instead), and name the one that builds.
need=$(awk '$1 == "go" || $1 == "toolchain" { printf "%s%s %s", sep, $1, $2; sep = ", " }' go.mod)
go list -m >/dev/null ||
  die "$mod@v$version needs $need: install that Go or set GOTOOLCHAIN=auto to let go fetch it"
gov=$(go env GOVERSION)
say "go.mod asks for $need; building with $gov"

patch_terraform() {
  local m d alias init=internal/backend/init/init.go users
  local -a missing=()
  # Module paths that go.mod replaces with a local dir the zip does not hold.
  while read -r m d; do
    [[ -d $d ]] || missing+=("$m")
  done < <(awk '!/^[[:space:]]*\/\// { for (i = 2; i < NF; i++) if ($i == "=>" && $(i + 1) ~ /^\.\.?\//) print ($1 == "replace" ? $2 : $1), $(i + 1) }' go.mod)
  [[ -f $init ]] || die "$init not found: this script does not know how to build terraform v$version"
  for m in "${missing[@]}"; do
    go mod edit -droprequire="$m" -dropreplace="$m"
    # Its import in the backend registry, and the lines that use its alias.
    alias=$(sed -n -E "s|^[[:space:]]*([A-Za-z0-9_]+)[[:space:]]+\"$m\"[[:space:]]*$|\1|p" "$init")
    if [[ -n $alias ]]; then
      sed -i -E "\|\"$m\"|d; /(^|[^A-Za-z0-9_])$alias\./d" "$init"
      say "dropped ${m#"$mod"/} (backend $alias)"
    else
      say "dropped ${m#"$mod"/}"
    fi
    # Test files may import it (internal/legacy): go build does not read them.
    users=$(grep -rlF --include='*.go' --exclude='*_test.go' -e "\"$m\"" -e "\"$m/" . || true)
    [[ -z $users ]] || die "${m#"$mod"/} is not in the module zip but is still imported by: $users"
  done
}
if [[ $tool == terraform ]]; then patch_terraform; fi

# version.dev=no: what the upstream release builds set, so that `version`
# prints the release and not "-dev". -s -w as upstream too (smaller binary).
say "building $tool v$version (several minutes of CPU)"
go build -trimpath -ldflags "-s -w -X $mod/version.dev=no" -o "$tmp" "$pkg" ||
  die "go build of $mod@v$version failed"

got=$(cli_version "$tmp")
[[ $got == "$want" ]] ||
  die "the built $tool reports '$got', not '$want'; \`$tool version\` printed: $(cli_version_output "$tmp")"
# Rename, not copy: a running CLI may still execute the old binary.
mv -f "$tmp" "$out"
say "$out: $got ($((SECONDS - start)) s)"
