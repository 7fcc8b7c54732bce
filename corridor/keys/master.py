"""Reading the master key from the environment or a file, at the moment it is needed."""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
from pathlib import Path

from django.conf import settings

from corridor.keys.envelope import KEY_BYTES
from corridor.keys.errors import MasterKeyMissing


def parse_key(text: str | bytes, source: str) -> bytes:
    """Accept a base64 (or hex) text form of a 32-byte key."""
    raw = text.strip() if isinstance(text, bytes) else text.strip().encode()
    candidates = []
    with contextlib.suppress(binascii.Error, ValueError):
        candidates.append(base64.b64decode(raw, validate=True))
    with contextlib.suppress(ValueError, UnicodeDecodeError):
        candidates.append(bytes.fromhex(raw.decode("ascii")))
    for key in candidates:
        if len(key) == KEY_BYTES:
            return key
    raise MasterKeyMissing(f"{source}: expected a 32-byte key in base64 or hex")


def read_key_file(path: str | Path) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise MasterKeyMissing(f"master key file {path} does not exist")
    return parse_key(path.read_bytes(), str(path))


def load_master_key() -> bytes:
    """The current master key: CORRIDOR_MASTER_KEY, else the file CORRIDOR_MASTER_KEY_FILE."""
    value = os.environ.get("CORRIDOR_MASTER_KEY")
    if value:
        return parse_key(value, "CORRIDOR_MASTER_KEY")
    path = os.environ.get("CORRIDOR_MASTER_KEY_FILE") or settings.CORRIDOR_MASTER_KEY_DEFAULT_FILE
    return read_key_file(path)
