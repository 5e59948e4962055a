"""The benchmark's memory figure for a build that is several processes at once (a Spark build: Python
driver, JVM, Python workers): bench.run.timed(tree=True) sees the grandchildren's memory too."""

import sys

from bench.run import timed

# a child that starts a grandchild holding 150 MB, and holds 50 MB itself while it waits
_TWO_GENERATIONS = (
    "import subprocess, sys\n"
    "held = bytes(range(256)) * (50 * 2**12)\n"
    "grandchild = 'import time; x = bytes(range(256)) * (150 * 2**12); time.sleep(1.5)'\n"
    "subprocess.run([sys.executable, '-c', grandchild])\n"
)


def test_the_whole_tree_is_measured_together():
    seconds, code, peak_mb = timed([sys.executable, "-c", _TWO_GENERATIONS], tree=True)
    assert code == 0
    assert peak_mb >= 190  # both generations at once, not the largest process alone
    assert peak_mb < 2000
