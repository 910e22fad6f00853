#!/usr/bin/env bash
# Validates deploy/kubernetes/ against the schemas of one Kubernetes version, strictly (unknown
# fields are errors), with kubernetes-validate from PyPI in a virtualenv of its own.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
kubernetes_version="1.33.0"
validator_version="1.37.0"
venv="$root/target/kubernetes-validate-$validator_version"
if [ ! -x "$venv/bin/kubernetes-validate" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "kubernetes-validate==$validator_version"
fi
echo "kubernetes-validate $validator_version, Kubernetes $kubernetes_version, --strict:"
"$venv/bin/kubernetes-validate" --strict --kubernetes-version "$kubernetes_version" "$root"/deploy/kubernetes/*.yaml
