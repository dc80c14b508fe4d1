"""Writing output files: atomically, with the mode a file written by other tools would get.

A file is written to a temporary file beside it and renamed over it, so a failure never
leaves half a file. ``tempfile`` creates that file readable by its owner only; the rename
would carry that mode over, so the final mode is set explicitly: an existing file keeps its
own mode, a new one gets what the umask allows (0644 under the usual umask 022).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import UsageError


def _umask() -> int:
    # The only portable way to read the umask is to set it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; raises UsageError for a directory or a place that cannot
    be written (never leaves a partial or temporary file behind)."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path} is a directory", f"give a file name, e.g. {path / 'graph.html'}")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror}", "choose another output file") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror}", "choose a folder you can write to") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {e.strerror}", "check the disk space and permissions") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
