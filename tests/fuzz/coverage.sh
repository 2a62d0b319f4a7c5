#!/usr/bin/env bash
# Line and branch coverage of the engine (src/engine/) reached by each harness's corpus.
# usage: tests/fuzz/coverage.sh [CORPUS_ROOT]
#   CORPUS_ROOT holds one folder per harness (default: the seed corpora, tests/fuzz/corpus);
#   pass the folder of a long run's corpora to measure what that run reached.
# Builds build-fuzz-cov (clang, -fcoverage-mapping), replays every input once, and prints
# llvm-cov's report for src/engine/ per harness and for all harnesses together.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
corpora="$(cd "${1:-$root/tests/fuzz/corpus}" && pwd)"
build="$root/build-fuzz-cov"
harnesses=(origin request_headers evaluate config)

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCORS_BUILD_FUZZERS=ON -DCORS_FUZZ_COVERAGE=ON -DCORS_BUILD_TESTS=OFF \
  -DCORS_BUILD_EXAMPLES=OFF -DCORS_BUILD_TOOLS=OFF -DCORS_INSTALL=OFF >/dev/null
cmake --build "$build" -j2 --target cors-fuzzers >/dev/null

profiles="$build/profiles"
rm -rf "$profiles"
mkdir -p "$profiles"
objects=()
for h in "${harnesses[@]}"; do
  [[ -d "$corpora/$h" ]] || continue
  binary="$build/tests/fuzz/$h-fuzzer"
  # -runs=0 replays the corpus once and stops; known crashing inputs are left out with their
  # regression- prefix, so that one crash does not end the replay.
  mkdir -p "$profiles/$h-inputs"
  find "$corpora/$h" -maxdepth 1 -type f ! -name 'regression-*' -exec cp {} "$profiles/$h-inputs/" \;
  LLVM_PROFILE_FILE="$profiles/$h.profraw" "$binary" -runs=0 "$profiles/$h-inputs" >/dev/null 2>&1
  llvm-profdata merge -sparse "$profiles/$h.profraw" -o "$profiles/$h.profdata"
  echo "== $h ($(find "$profiles/$h-inputs" -type f | wc -l) inputs)"
  llvm-cov report "$binary" -instr-profile="$profiles/$h.profdata" "$root/src/engine" | tail -n +1
  objects+=(-object "$binary")
done
llvm-profdata merge -sparse "$profiles"/*.profraw -o "$profiles/all.profdata"
echo "== all harnesses"
llvm-cov report "${objects[@]:1}" -instr-profile="$profiles/all.profdata" "$root/src/engine"
