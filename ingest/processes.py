"""Child processes that cannot outlive the process that started them.

A publish runs dbt and the warehouse checks as children (and dbt's address matcher forks workers).
If the publish is killed (kill -9, an out-of-memory kill, a closed terminal), its children must die
with it: an orphaned dbt would go on writing the staging file that the next publish starts from.
Linux's parent-death signal does this in the kernel, with no cooperation from the dying parent.
"""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child (a `preexec_fn`, a pool initializer): be killed when the parent dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: nothing to set (the lock still serialises builds)
        return
    if os.getppid() == 1:  # the parent died before the signal was armed
        os._exit(1)


def die_with_parent_at_low_priority() -> None:
    die_with_parent()
    os.nice(19)
