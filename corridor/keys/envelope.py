"""Envelope encryption with AES-256-GCM, framework-free.

A master key (held outside the database) wraps one data key per organisation; data keys
seal field values. Associated data binds every sealed value to its table, column, row and
data key, so a ciphertext copied to another row or column does not open.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_V1 = b"\x01"


class SealBroken(Exception):
    """A sealed value or wrapped key failed its integrity check (altered, moved or wrong key)."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def key_fingerprint(key: bytes) -> str:
    """A short public identifier of a key (not usable to recover it)."""
    return hashlib.sha256(b"corridor-key-id|" + key).hexdigest()[:16]


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_V1 + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != FORMAT_V1:
        raise SealBroken("not a sealed value of a known format")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag as exc:
        raise SealBroken("integrity check failed") from exc


def wrap_key(master: bytes, data_key: bytes, context: str) -> bytes:
    """Encrypt a data key under the master key, bound to its context (organisation, key id)."""
    return _seal(master, data_key, b"corridor-data-key|" + context.encode())


def unwrap_key(master: bytes, wrapped: bytes, context: str) -> bytes:
    return _open(master, wrapped, b"corridor-data-key|" + context.encode())


def field_aad(table: str, column: str, row: str, key_id: str) -> bytes:
    return "\x1f".join(["corridor-field", table, column, row, key_id]).encode()


def seal_text(data_key: bytes, text: str, aad: bytes) -> bytes:
    return _seal(data_key, text.encode("utf-8"), aad)


def open_text(data_key: bytes, blob: bytes, aad: bytes) -> str:
    return _open(data_key, blob, aad).decode("utf-8")
