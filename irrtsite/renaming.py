"""Putting a finished file in the place of another, in one atomic step.

``os.replace`` does that, but on ext4 (the usual Linux file system) a rename over an existing
file makes the kernel write the new file's data out first (``auto_da_alloc``, so that a crash
never leaves an empty file): a build that replaces a 30 MB search.json waited about 30 ms
for it, and longer when the disk was busy. Exchanging the two files instead
(``renameat2(RENAME_EXCHANGE)``, Linux 3.15+) is just as atomic -- the place always holds the
old file or the new one, whole -- and waits for nothing; the old file is then at the new
one's former name, for the caller to remove. Where exchanging is not supported (another
system, another file system), it is ``os.replace``.
"""

from __future__ import annotations

import ctypes
import os
import stat
import sys
from collections.abc import Callable
from functools import cache

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

Exchange = Callable[[bytes, bytes], int]  # 0, or -1 with errno set


@cache
def _exchange() -> Exchange | None:
    """libc's ``renameat2`` with both folders the working one, or None (not Linux, an old
    C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int

    def exchange(first: bytes, second: bytes) -> int:
        return int(renameat2(_AT_FDCWD, first, _AT_FDCWD, second, _RENAME_EXCHANGE))

    return exchange


def put_in_place(new: str, target: str) -> bool:
    """Move the file ``new`` to ``target``, atomically. True when an old file was there and
    is now at ``new`` (the caller removes it); False when ``new`` is simply gone (renamed,
    or replaced the old one: ``os.replace``). Raises OSError as ``os.replace`` does."""
    exchange = _exchange()
    if os.path.abspath(new) == os.path.abspath(target):
        return False  # (os.replace: nothing to do)
    try:
        regular = exchange is not None and stat.S_ISREG(os.lstat(target).st_mode)
    except FileNotFoundError:
        regular = False
    if exchange is not None and regular and exchange(os.fsencode(new), os.fsencode(target)) == 0:
        return True
    # not exchanged: nothing there, not a plain file, or not supported (EINVAL: this file
    # system; ENOSYS: this kernel), or the file changed meanwhile: os.replace decides, and
    # raises what it meets
    os.replace(new, target)
    return False
