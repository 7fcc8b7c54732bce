"""The audit chain detects any edit, deletion or reordering (property-based), framework-free."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from corridor.audit import chain

ids = st.text(alphabet="0123456789abcdef-", min_size=0, max_size=36)
entries = st.lists(
    st.tuples(
        ids, ids, st.sampled_from(["person.registered", "sealed.read", "transmission.made"]), ids
    ),
    min_size=2,
    max_size=30,
)


def build(rows) -> list[chain.Link]:
    links, prev = [], chain.GENESIS
    for seq, (actor, org, action, obj) in enumerate(rows, start=1):
        at = f"2026-11-25T12:00:{seq % 60:02d}.000000+00:00"
        digest = f"{seq:064x}"
        h = chain.link_hash(prev, seq, at, actor, org, action, "registry.person", obj, digest)
        links.append(
            chain.Link(seq, at, actor, org, action, "registry.person", obj, digest, prev, h)
        )
        prev = h
    return links


@given(entries)
def test_an_untouched_chain_verifies(rows):
    assert chain.verify(build(rows)) is None


@given(entries, st.data())
def test_any_edit_is_detected(rows, data):
    links = build(rows)
    i = data.draw(st.integers(0, len(links) - 1))
    field = data.draw(
        st.sampled_from(["at", "actor", "organisation", "action", "object_id", "digest"])
    )
    new_value = getattr(links[i], field) + "x"
    links[i] = replace(links[i], **{field: new_value})
    broken = chain.verify(links)
    assert broken is not None
    assert broken.seq == i + 1


@given(entries, st.data())
def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(rows, data):
    links = build(rows)
    i = data.draw(st.integers(0, len(links) - 2))
    edited = replace(links[i], digest="f" * 64)
    links[i] = replace(edited, hash=chain.expected_hash(edited))
    broken = chain.verify(links)
    assert broken is not None
    assert broken.seq == i + 2


@given(entries, st.data())
def test_any_deletion_is_detected(rows, data):
    links = build(rows)
    i = data.draw(st.integers(0, len(links) - 2))  # the tail needs a witness: see below
    del links[i]
    broken = chain.verify(links)
    assert broken is not None
    assert broken.seq == i + 1


@given(entries, st.data())
def test_any_reordering_is_detected(rows, data):
    links = build(rows)
    i = data.draw(st.integers(0, len(links) - 2))
    j = data.draw(st.integers(i + 1, len(links) - 1))
    links[i], links[j] = links[j], links[i]
    assert chain.verify(links) is not None


@given(entries, st.data())
def test_a_truncated_tail_is_caught_by_a_witnessed_head(rows, data):
    links = build(rows)
    head = links[-1]
    cut = data.draw(st.integers(1, len(links) - 1))
    truncated = links[:cut]
    assert chain.verify(truncated) is None  # a chain alone cannot know its lost tail
    broken = chain.verify(truncated, witnessed={head.seq: head.hash})
    assert broken is not None
    assert broken.seq == head.seq
