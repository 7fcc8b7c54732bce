"""The hash chain of the audit log, framework-free.

Each entry's hash covers the previous entry's hash and the entry's own fields, so editing,
deleting or reordering any entry breaks every later link. The fields are identifiers and
digests only: erasing personal data elsewhere never touches the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True)
class Link:
    """One audit entry as the chain sees it."""

    seq: int
    at: str  # ISO 8601, UTC
    actor: str  # user id, or "" for the system
    organisation: str  # organisation id, or ""
    action: str
    object_type: str
    object_id: str
    digest: str
    prev_hash: str
    hash: str


def link_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    organisation: str,
    action: str,
    object_type: str,
    object_id: str,
    digest: str,
) -> str:
    """The hash of an entry given its fields and its predecessor's hash."""
    body = json.dumps(
        [prev_hash, seq, at, actor, organisation, action, object_type, object_id, digest],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("ascii")).hexdigest()


def expected_hash(link: Link) -> str:
    return link_hash(
        link.prev_hash,
        link.seq,
        link.at,
        link.actor,
        link.organisation,
        link.action,
        link.object_type,
        link.object_id,
        link.digest,
    )


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold, and why."""

    seq: int
    reason: str


def verify(links: Iterable[Link], witnessed: dict[int, str] | None = None) -> Break | None:
    """Walk links in stored order; return the first break, or None when the chain holds.

    Args:
        links: the entries in the order they are stored (ascending seq).
        witnessed: seq -> hash pairs that other parties recorded earlier; a truncated or
            rewritten tail shows up as a mismatch here.
    """
    prev = GENESIS
    expected_seq = 1
    seen: dict[int, str] = {}
    for link in links:
        if link.seq != expected_seq:
            return Break(
                expected_seq, f"entry {expected_seq} missing or out of order (found {link.seq})"
            )
        if link.prev_hash != prev:
            return Break(link.seq, "previous-hash link does not match the entry before it")
        if expected_hash(link) != link.hash:
            return Break(link.seq, "entry was altered: its hash does not match its contents")
        seen[link.seq] = link.hash
        prev = link.hash
        expected_seq += 1
    for seq, head in sorted((witnessed or {}).items()):
        if seen.get(seq) != head:
            return Break(seq, "does not match the witnessed chain head (entries lost or rewritten)")
    return None
