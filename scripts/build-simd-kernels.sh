#!/usr/bin/env bash
# Rebuilds src/main/engine/kernels/simd/kernels.wasm and its embedded copy (kernels-wasm.ts) from
# src/*.c (one module; src/common.h is what they share). Needs clang and wasm-ld with the wasm32
# target (Debian: apt-get install clang-16 lld-16).
# The build is checked: the module must import its memory and must not touch the C stack or carry
# static data, because it runs inside tfjs-backend-wasm's heap (see src/common.h).
#   --check   build into a temporary file and only compare it with the committed kernels.wasm
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="$here/src/main/engine/kernels/simd"
CLANG="${CLANG:-$(command -v clang-16 || command -v clang)}"
OBJDUMP="${OBJDUMP:-$(command -v llvm-objdump-16 || command -v llvm-objdump)}"
out="$dir/kernels.wasm"
if [[ "${1:-}" == "--check" ]]; then
  out="$(mktemp --suffix=.wasm)"
  trap 'rm -f "$out"' EXIT
fi
"$CLANG" --target=wasm32 -msimd128 -O3 -fno-builtin -nostdlib \
  -Wl,--no-entry -Wl,--import-memory -Wl,--strip-debug \
  -o "$out" "$dir"/src/*.c
dis="$("$OBJDUMP" -d "$out")"
if grep -qE 'global\.(get|set)' <<<"$dis"; then
  echo "kernels.wasm uses the C stack (global.get/set of __stack_pointer); keep arrays out of the kernels' C sources" >&2
  exit 1
fi
if "$OBJDUMP" -h "$out" | grep -qE '^\s*[0-9]+ DATA'; then
  echo "kernels.wasm has static data; it would be written into tfjs's heap" >&2
  exit 1
fi
if [[ "${1:-}" == "--check" ]]; then
  if cmp -s "$out" "$dir/kernels.wasm"; then echo "kernels.wasm is up to date"; exit 0; fi
  echo "kernels.wasm is not the build of src/*.c: run scripts/build-simd-kernels.sh" >&2
  exit 1
fi
node "$here/scripts/embed-wasm.mjs" "$out" "$dir/kernels-wasm.ts"
echo "built $(stat -c %s "$out") bytes -> $dir/kernels-wasm.ts"
