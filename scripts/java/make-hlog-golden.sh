#!/usr/bin/env bash
# Golden values for test/load/hlog.test.ts, from the Java HdrHistogram library (Debian
# libhdrhistogram-java 2.1.11): runs scripts/java/HlogGolden.java on every log the tests
# read and writes test/load/fixtures/golden/<log>[.<tag>].json.
# Run: bash scripts/java/make-hlog-golden.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=/usr/share/java/hdrhistogram.jar
out=test/load/fixtures/golden
mkdir -p "$out"
real="$(cd "$(dirname "$0")/../.." && pwd)/../shared/data/real/hdrhistogram"
[ -d "$real" ] || real=../shared/data/real/hdrhistogram
run() { # file tag name
  java -cp "$jar" scripts/java/HlogGolden.java "$1" "$2" > "$out/$3.json"
}
run "$real/jHiccup-2.0.7S.logV2.hlog" - jHiccup-2.0.7S.logV2
run "$real/tagged.logV2.hlog" - tagged.logV2
run "$real/tagged.logV2.hlog" A tagged.logV2.A
run test/load/fixtures/hiccup.140623.1028.10646.hlog - hiccup.140623.1028.10646
for t in A B C; do run test/load/fixtures/tagged-non-monotonic.hlog $t tagged-non-monotonic.$t; done
run test/load/fixtures/generated/java-1.3-relative-tagged.hlog - java-1.3-relative-tagged
run test/load/fixtures/generated/java-1.3-relative-tagged.hlog db java-1.3-relative-tagged.db
run test/load/fixtures/generated/java-1.3-absolute.hlog - java-1.3-absolute
# Java 2.1.11 cannot read V0 encodings with 2- or 4-byte words (it overruns its counts array);
# those are checked against the V2 encoding of the same data instead.
for f in v0-1.0-w8 v1-1.1-w8 v1-1.1-w4 v2-1.2; do run test/load/fixtures/generated/$f.hlog - $f; done
# .hgrm text and CSV written by Java's outputPercentileDistribution, with Java's statistics (ms)
g=test/load/fixtures/generated/java-1.3-absolute
java -cp "$jar" scripts/java/HgrmWrite.java $g.hlog $g 1000000 > "$out/java-1.3-absolute.hgrm.json"
echo "wrote $(ls "$out" | wc -l) golden files to $out"
