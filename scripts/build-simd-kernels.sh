#!/usr/bin/env bash
# Rebuilds src/main/engine/kernels/simd/kernels.wasm and its embedded copy (kernels-wasm.ts) from
# kernels.c. Needs clang and wasm-ld with the wasm32 target (Debian: apt-get install clang-16 lld-16).
# The build is checked: the module must import its memory and must not touch the C stack or carry
# static data, because it runs inside tfjs-backend-wasm's heap (see kernels.c).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="$here/src/main/engine/kernels/simd"
CLANG="${CLANG:-$(command -v clang-16 || command -v clang)}"
OBJDUMP="${OBJDUMP:-$(command -v llvm-objdump-16 || command -v llvm-objdump)}"
"$CLANG" --target=wasm32 -msimd128 -O3 -ffast-math -fno-builtin -nostdlib \
  -Wl,--no-entry -Wl,--import-memory -Wl,--strip-debug \
  -o "$dir/kernels.wasm" "$dir/kernels.c"
dis="$("$OBJDUMP" -d "$dir/kernels.wasm")"
if grep -qE 'global\.(get|set)' <<<"$dis"; then
  echo "kernels.wasm uses the C stack (global.get/set of __stack_pointer); keep arrays out of kernels.c" >&2
  exit 1
fi
if "$OBJDUMP" -h "$dir/kernels.wasm" | grep -qE '^\s*[0-9]+ DATA'; then
  echo "kernels.wasm has static data; it would be written into tfjs's heap" >&2
  exit 1
fi
node "$here/scripts/embed-wasm.mjs" "$dir/kernels.wasm" "$dir/kernels-wasm.ts"
echo "built $(stat -c %s "$dir/kernels.wasm") bytes -> $dir/kernels-wasm.ts"
