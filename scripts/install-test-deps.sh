#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine:
# the npm packages (npm ci, which also builds dist/), and the Debian packages the
# reference checks and browser tests use: R (golden values are re-checked live
# against R), Chromium (the HTML plot is opened in a real browser), Jupyter (the
# notebooks are executed headless), Prometheus and VictoriaMetrics (the metrics-server
# source is queried from real servers).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v Rscript >/dev/null 2>&1 || need+=(r-base-core)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Java HdrHistogram (the .hlog golden values are re-checked live against the Java library).
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ -f /usr/share/java/hdrhistogram.jar ] || need+=(libhdrhistogram-java)
# Prometheus and VictoriaMetrics (the metrics-server source is tested against real servers on 127.0.0.1).
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v victoria-metrics >/dev/null 2>&1 || need+=(victoria-metrics)
# Jupyter, headless (the notebooks run with the tslab kernel): nbclient + nbformat + jupyter_client on /usr/bin/python3.
/usr/bin/python3 -c "import nbclient, nbformat, jupyter_client" >/dev/null 2>&1 || need+=(jupyter-nbconvert python3-nbclient jupyter-client)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = "none" ]; then
    echo "install-test-deps: cannot install ${need[*]} (not root, no sudo); the tests that need them will be skipped" >&2
  else
    echo "install-test-deps: apt-get install ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

npm ci --no-audit --no-fund
