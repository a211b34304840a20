#!/usr/bin/env bash
# Generate docs/ from the provider's schema, templates/ and examples/ with
# tfplugindocs, offline.
#
#   scripts/docs.sh           regenerate docs/ in place
#   scripts/docs.sh --check   generate into a scratch copy of the tree and fail
#                             if docs/ differs from it (docs/ is not touched)
#
# Needs $GEOKAFKA_CACHE/bin/tfplugindocs and $GEOKAFKA_CACHE/bin/terraform
# (default cache ~/.cache/geokafka); `make docs` and `make docs-check`
# install both first. Nothing is downloaded here: tfplugindocs builds the
# provider with the local Go toolchain and asks the cached terraform for its
# schema.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${GEOKAFKA_CACHE:-$HOME/.cache/geokafka}
TFPLUGINDOCS=$CACHE/bin/tfplugindocs
TERRAFORM=$CACHE/bin/terraform

usage() { echo "usage: $0 [--check]" >&2; }
check=false
case $# in
  0) ;;
  1) case $1 in
       --check) check=true ;;
       -h | --help) usage; exit 0 ;;
       *) usage; exit 2 ;;
     esac ;;
  *) usage; exit 2 ;;
esac

for tool in "$TFPLUGINDOCS" "$TERRAFORM"; do
  if [[ ! -x $tool ]]; then
    echo "docs.sh: $tool is missing; run 'make docs', which installs it" >&2
    exit 1
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/geokafka-docs.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# tfplugindocs runs `terraform init -plugin-dir` and `terraform providers
# schema` in a temporary directory. With the cached terraform first on PATH
# it never downloads one; an empty CLI configuration keeps the user's (or the
# lab's) provider_installation and plugin cache out of it.
: >"$scratch/terraformrc"
export PATH="$(dirname "$TERRAFORM"):$PATH"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE="$scratch/terraformrc"
unset TF_PLUGIN_CACHE_DIR TF_LOG TF_LOG_PATH

# generate DIR LOG: render DIR/docs from DIR/templates and DIR/examples.
generate() {
  if ! "$TFPLUGINDOCS" generate \
    --provider-dir "$1" \
    --provider-name geokafka \
    --rendered-provider-name geokafka >"$2" 2>&1; then
    cat "$2" >&2
    echo "docs.sh: tfplugindocs generate failed" >&2
    return 1
  fi
}

if ! $check; then
  generate "$ROOT" "$scratch/generate.log"
  echo "docs/ generated:"
  (cd "$ROOT" && find docs -type f -name '*.md' | sort | sed 's/^/  /')
  exit 0
fi

# --check: render into a copy of the tree, so docs/ (and everything else in the
# working tree) stays as it is, then compare.
mkdir "$scratch/src"
tar -C "$ROOT" \
  --exclude=./.git --exclude=./.lab --exclude=./bin --exclude=./docs \
  --exclude=.terraform --exclude='*.tfstate' --exclude='*.tfstate.*' \
  -cf - . | tar -C "$scratch/src" -xf -
generate "$scratch/src" "$scratch/generate.log"

if [[ ! -d $ROOT/docs ]] || ! diff -ru "$ROOT/docs" "$scratch/src/docs" >"$scratch/docs.diff"; then
  [[ -s $scratch/docs.diff ]] && cat "$scratch/docs.diff" >&2
  [[ -d $ROOT/docs ]] || echo "docs.sh: docs/ does not exist" >&2
  echo "docs/ is stale: run make docs" >&2
  exit 1
fi
echo "docs/ is up to date"
