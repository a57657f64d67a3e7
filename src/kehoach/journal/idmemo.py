"""What `log` already knows about a journal's first bytes: that they are UTF-8 with ids in increasing order, and
the last id among them. So the next `log` checks only the lines added since, not the whole journal again.

Never the source of truth: the memo names the size of the prefix it describes and the SHA-256 of those bytes;
it is used only when the journal still starts with exactly them (any edit, truncation or repair means the full
check again), is keyed by the code of the checks (this module and writing.py) and sealed by a checksum of its
own body; a missing, edited or unreadable memo, or KEHOACH_CACHE=off, means the full check.

After each append the memo also records the file as `log` left it: its device, inode, size, modification and
change times (the file's identity, as git's index records a file). When the next `log` finds the journal with
exactly that identity, nothing has touched it since: it is our checked bytes plus our own whole line, and `log`
reads none of it (constant time at any size). Any other writer — another officer's `log` on a shared folder, an
editor, a copy — changes the identity, and the bytes are checked as above.
"""

from __future__ import annotations

import hashlib
import os

from kehoach.base.files import cache_dir, caches_on, code_fingerprint, read_sealed, sealed

CODE = ("journal/idmemo.py", "journal/writing.py", "journal/store.py", "base/files.py", "base/text.py", "base/errors.py")


def _memo_file(name: str):
    key = hashlib.sha256(f"{code_fingerprint(*CODE)}\0{os.path.abspath(name)}".encode("utf-8")).hexdigest()[:32]
    return cache_dir() / f"ids-{key}.txt"


def _memo(name: str) -> list[str] | None:
    """The memo's words: size, SHA-256 and last id of the checked prefix, then (after an append) the journal's
    identity and last id; None when there is none, or caches are off, or it does not match its checksum."""
    body = read_sealed(_memo_file(name))
    try:
        return None if body is None else bytes(body).decode("ascii").split()
    except UnicodeDecodeError:
        return None


def known_prefix(raw: bytes, name: str):
    """(size, last id, SHA-256 of those bytes so far) of a prefix of `raw` already found UTF-8 with increasing
    ids; None when unknown."""
    words = _memo(name)
    if words is None:
        return None
    try:
        size_text, digest, last_text = words[:3]
        size, last = int(size_text), int(last_text)
        if size > len(raw):
            return None
        hashed = hashlib.sha256(memoryview(raw)[:size])
        return (size, last, hashed) if hashed.hexdigest() == digest else None
    except Exception:  # missing, unreadable or foreign: the full check
        return None


def remember(raw: bytes, name: str, last: int, known=None) -> None:
    """Note that `raw` (whole lines) is UTF-8 with increasing ids, the last being `last`; `known` (from
    `known_prefix`) spares hashing its first bytes again."""
    if not caches_on() or (raw and not raw.endswith(b"\n")):
        return
    from kehoach.base.files import atomic_write

    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if known is not None:
            hashed = known[2].copy()
            hashed.update(memoryview(raw)[known[0]:])
        else:
            hashed = hashlib.sha256(raw)
        atomic_write(_memo_file(name), sealed(f"{len(raw)} {hashed.hexdigest()} {last}".encode()))
    except Exception:  # a read-only home, a full disk: the next log checks everything again
        pass


def _identity(st: os.stat_result) -> str:
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def last_id_if_untouched(path, name: str) -> int | None:
    """The last id of the journal when it is exactly as `log` left it (see the module's docstring); else None."""
    fields = _memo(name)
    if fields is None or len(fields) != 5:
        return None
    try:
        identity, last = fields[3], int(fields[4])
        return last if identity == _identity(os.stat(path)) else None
    except Exception:  # missing, unreadable or foreign: the bytes are checked
        return None


def remember_written(path, name: str, last: int, size: int) -> None:
    """After an append (inside the lock): the journal as `log` left it, `size` bytes ending with id `last`."""
    if not caches_on():
        return
    from kehoach.base.files import atomic_write

    try:
        st = os.stat(path)
        if st.st_size != size:
            return  # someone else wrote too: say nothing
        proof = (_memo(name) or [])[:3]
        if len(proof) != 3:
            proof = ["0", hashlib.sha256(b"").hexdigest(), "0"]  # no proof of any prefix: only the identity
        atomic_write(_memo_file(name), sealed(" ".join([*proof, _identity(st), str(last)]).encode()))
    except Exception:  # a read-only home, a full disk: the next log checks the bytes
        pass
