"""Reading PFIF safely: XML to a light tree with line numbers, then to records or problems.

The XML goes through defusedxml's expat reader with DTDs refused outright (so no entity
expansion, internal or external), a byte limit and a nesting limit. Every failure of the
reader becomes a PfifError naming the line; nothing else escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # only to write fragments back out, never to parse
from dataclasses import dataclass, field
from io import BytesIO
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import InputSource, Locator

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

from corridor.interop.pfif import (
    NOTE_FIELDS,
    PERSON_FIELDS,
    PFIF_1_4,
    RENAMED_FIELDS,
    REQUIRED_NOTE_FIELDS,
    REQUIRED_PERSON_FIELDS,
    SEX_VALUES,
    STATUS_VALUES,
    PfifDocument,
    PfifError,
    PfifNote,
    PfifPerson,
    parse_datetime,
)

MAX_DEPTH = 32  # PFIF needs 4 (pfif/person/note/field); the rest is room for extensions
_NAMESPACE = re.compile(r"https?://zesty\.ca/pfif/(1\.[1-4])/?")
_WHITESPACE = " \t\r\n"  # XML's whitespace: other spaces in a value are the author's
_BOOLEANS: dict[str, bool | None] = {"": None, "true": True, "1": True, "false": False, "0": False}


@dataclass(eq=False, slots=True)
class _Node:
    ns: str
    local: str
    line: int
    attrs: dict[str, str]
    children: list[_Node] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    tail_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    @property
    def value(self) -> str:
        return self.text.strip(_WHITESPACE)

    @property
    def name(self) -> str:
        return (
            f"pfif:{self.local}" if _NAMESPACE.fullmatch(self.ns) else f"{{{self.ns}}}{self.local}"
        )


class _TreeHandler(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: _Node | None = None
        self.stack: list[_Node] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator else 0

    def startElementNS(self, name, qname, attrs) -> None:  # type: ignore[no-untyped-def]
        if len(self.stack) >= MAX_DEPTH:
            raise PfifError(f"elements nested more than {MAX_DEPTH} deep", line=self.line())
        ns, local = name
        node = _Node(
            ns or "", local, self.line(), {_clark(k): v for k, v in attrs.items()} if attrs else {}
        )
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            _check_root(node)  # before reading on: a large file of another kind stops here
            self.root = node
        self.stack.append(node)

    def endElementNS(self, name, qname) -> None:  # type: ignore[no-untyped-def]
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            top = self.stack[-1]
            (top.children[-1].tail_parts if top.children else top.text_parts).append(content)


def _clark(name: tuple[str | None, str]) -> str:
    ns, local = name
    return f"{{{ns}}}{local}" if ns else local


def _read_tree(data: bytes, max_bytes: int) -> tuple[_Node, str]:
    """The document's tree and PFIF version, or PfifError."""
    if len(data) > max_bytes:
        raise PfifError(f"the document has {len(data)} bytes, more than the limit of {max_bytes}")
    handler = _TreeHandler()
    reader = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    reader.setFeature(feature_namespaces, True)
    reader.setContentHandler(handler)
    source = InputSource()
    source.setByteStream(BytesIO(bytes(data)))
    try:
        reader.parse(source)
    except SAXParseException as e:
        raise PfifError(f"not well-formed XML: {e.getMessage()}", line=e.getLineNumber()) from e
    except DefusedXmlException as e:
        raise PfifError(
            f"DTDs and entities are refused in PFIF documents ({type(e).__name__})",
            line=handler.line(),
        ) from e
    except (SAXException, ValueError, LookupError) as e:  # bad encodings and the like
        raise PfifError(f"unreadable XML: {e}", line=handler.line()) from e
    root = handler.root
    if root is None:  # expat reports a missing root itself; this is for the type checker
        raise PfifError("the document has no root element")
    return root, _check_root(root)


def _check_root(root: _Node) -> str:
    """The PFIF version the root element declares, or PfifError."""
    version = _NAMESPACE.fullmatch(root.ns)
    if root.local != "pfif" or not version:
        raise PfifError(
            f"the root element is {{{root.ns}}}{root.local}; PFIF's is pfif in the namespace "
            f"{PFIF_1_4} (or 1.1–1.3)",
            line=root.line,
        )
    return version[1]


def _fragment(node: _Node) -> str:
    """An element kept whole, as self-contained XML."""

    def build(n: _Node) -> ET.Element:
        element = ET.Element(f"{{{n.ns}}}{n.local}" if n.ns else n.local, n.attrs)
        element.text = n.text or None
        for child in n.children:
            sub = build(child)
            sub.tail = "".join(child.tail_parts) or None
            element.append(sub)
        return element

    return ET.tostring(build(node), encoding="unicode")


# -- parse -------------------------------------------------------------------------------


def parse(data: bytes, *, max_bytes: int) -> PfifDocument:
    root, version = _read_tree(data, max_bytes)
    persons: list[tuple[dict[str, object], list[PfifNote], list[str]]] = []
    loose: list[PfifNote] = []
    extra: list[str] = []
    for child in root.children:
        if child.ns == root.ns and child.local == "person":
            values, person_extra, nested = _fields(child, root.ns, PERSON_FIELDS)
            own_id = str(values.get("person_record_id", ""))
            notes = [_note(n, root.ns, own_id) for n in nested]
            persons.append((values, notes, person_extra))
        elif child.ns == root.ns and child.local == "note":
            loose.append(_note(child, root.ns, ""))
        else:
            extra.append(_fragment(child))
    by_id: dict[str, list[PfifNote]] = {}
    for values, notes, _ in persons:
        by_id.setdefault(str(values.get("person_record_id", "")), notes)
    orphans: list[PfifNote] = []
    for note in loose:
        notes_of = by_id.get(note.person_record_id) if note.person_record_id else None
        (notes_of if notes_of is not None else orphans).append(note)
    return PfifDocument(
        version=version,
        persons=tuple(
            PfifPerson(**values, notes=tuple(notes), extra=tuple(e))  # type: ignore[arg-type]
            for values, notes, e in persons
        ),
        orphan_notes=tuple(orphans),
        extra=tuple(extra),
    )


def _note(node: _Node, ns: str, person_id: str) -> PfifNote:
    values, extra, nested = _fields(node, ns, NOTE_FIELDS)
    extra += [_fragment(n) for n in nested]
    if person_id and not values.get("person_record_id"):
        values["person_record_id"] = person_id  # a note inside a person is about that person
    return PfifNote(**values, extra=tuple(extra))  # type: ignore[arg-type]


def _fields(
    node: _Node, ns: str, known: tuple[str, ...]
) -> tuple[dict[str, object], list[str], list[_Node]]:
    """The record's field values, its other elements as fragments, and its notes."""
    values: dict[str, object] = {}
    extra: list[str] = []
    notes: list[_Node] = []
    for child in node.children:
        if child.ns == ns and child.local == "note":
            notes.append(child)
            continue
        name = RENAMED_FIELDS.get(child.local, child.local) if child.ns == ns else ""
        if name not in known or name in values or child.children:
            extra.append(_fragment(child))  # not a field, a repeat, or not plain text
        elif name == "author_made_contact":
            flag = _BOOLEANS.get(child.value.lower(), "?")
            if flag == "?":
                extra.append(_fragment(child))  # kept as written rather than guessed
            else:
                values[name] = flag
        elif child.local == "other":
            values[name] = _other_to_description(child.value)
        else:
            values[name] = child.value
    return values, extra, notes


def _other_to_description(other: str) -> str:
    """1.3's ``other`` as 1.4's description.

    Person Finder writes a description into ``other`` as "description:" and the text
    indented below; that wrapping is undone. Any other ``other`` is kept whole, since
    further "label:" sections would be lost in a description.
    """
    first, _, rest = other.partition("\n")
    if not first.startswith("description:"):
        return other
    lines = rest.split("\n")
    if any(re.match(r"\S+:", ln) for ln in lines):
        return other
    body = [first.removeprefix("description:").strip(" \t"), *(ln.strip(" \t") for ln in lines)]
    return "\n".join(body).strip(_WHITESPACE)


# -- validate ----------------------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "record_id": (
        re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?/[^\r\n]+"),
        "a record id of the form domain/id",
    ),
    "email": (re.compile(r"[^\r\n]+@[^\r\n]+"), "an e-mail address"),
    "phone": (re.compile(r"[-+()\d ]+"), "a phone number (digits, spaces and - + ( ) only)"),
    "sex": (re.compile("|".join(SEX_VALUES)), "one of " + ", ".join(SEX_VALUES)),
    "status": (re.compile("|".join(STATUS_VALUES)), "one of " + ", ".join(STATUS_VALUES)),
    "boolean": (re.compile("true|false"), "true or false"),
    "approx_date": (re.compile(r"\d{4}(-\d\d(-\d\d)?)?"), "a date YYYY, YYYY-MM or YYYY-MM-DD"),
    "approx_age": (re.compile(r"\d+(-\d+)?"), "an age N or a range N-M"),
    "country": (re.compile("[A-Z][A-Z]"), "an ISO 3166-1 code of two capitals"),
}
_TYPES = {
    "person_record_id": "record_id",
    "note_record_id": "record_id",
    "linked_person_record_id": "record_id",
    "entry_date": "time",
    "expiry_date": "time",
    "source_date": "time",
    "author_email": "email",
    "email_of_found_person": "email",
    "author_phone": "phone",
    "phone_of_found_person": "phone",
    "sex": "sex",
    "status": "status",
    "author_made_contact": "boolean",
    "date_of_birth": "approx_date",
    "age": "approx_age",
    "home_country": "country",
}


def validate(data: bytes, *, canonical_order: bool, max_bytes: int) -> list[str]:
    root, _ = _read_tree(data, max_bytes)
    if root.ns != PFIF_1_4:
        return [f"line {root.line}: the namespace is {root.ns}, not PFIF 1.4's {PFIF_1_4}"]
    problems: list[str] = []
    count = 0
    for child in root.children:
        if child.ns != PFIF_1_4:
            continue  # an extension: PFIF leaves other namespaces alone
        if child.local == "person":
            count += 1
            person_id = _check_record(child, "person", f"#{count}", problems, canonical_order)
            for note in child.children:
                if note.ns == PFIF_1_4 and note.local == "note":
                    _check_record(note, "note", person_id, problems, canonical_order)
        elif child.local == "note":
            _check_record(child, "note", "", problems, canonical_order)
        else:
            problems.append(f"line {child.line}: {child.name} is not a PFIF 1.4 record")
    return sorted(problems, key=lambda p: int(p.split(":", 1)[0].removeprefix("line ")))


def _check_record(
    node: _Node, kind: str, context: str, problems: list[str], canonical_order: bool
) -> str:
    """Check a person (context: its position) or a note (context: its person's id, if inside)."""
    fields, required = (
        (PERSON_FIELDS, REQUIRED_PERSON_FIELDS)
        if kind == "person"
        else (NOTE_FIELDS, REQUIRED_NOTE_FIELDS)
    )
    is_note = {c: kind == "person" and c.local == "note" for c in node.children}
    own = [c for c in node.children if c.ns == PFIF_1_4 and not is_note[c]]
    values = {c.local: c.value for c in reversed(own)}  # the first of repeats
    record_id = values.get(f"{kind}_record_id", "")
    label = f"{kind} {record_id or (context if kind == 'person' else '')}".strip()
    if kind == "note" and context:
        label += f" of person {context}"

    def report(line: int, what: str) -> None:
        problems.append(f"line {line}: {label}: {what}")

    seen: set[str] = set()
    last, after_note = -1, False
    for c in node.children:
        if c.ns != PFIF_1_4:
            continue
        if is_note[c]:
            after_note = True
            continue
        if c.local not in fields:
            renamed = RENAMED_FIELDS.get(c.local)
            hint = f" (1.4 calls it {renamed})" if renamed in fields else ""
            report(c.line, f"{c.name} is not a PFIF 1.4 {kind} field{hint}")
            continue
        if c.local in seen:
            report(c.line, f"{c.name} is repeated; a field appears once at most")
        seen.add(c.local)
        if c.children:
            report(c.line, f"{c.name} must hold text, not elements")
        problem = _check_value(c.local, c.value)
        if problem:
            report(c.line, problem)
        position = fields.index(c.local)
        if canonical_order and position < last:
            report(c.line, f"{c.name} is out of the spec's order: it belongs before {fields[last]}")
        elif canonical_order and after_note:
            report(c.line, f"{c.name} comes after a note; notes come after the fields")
        last = max(last, position)
    needed = list(required)
    if kind == "note" and not context:
        needed.insert(1, "person_record_id")  # a note outside its person must name it
    for name in needed:
        if name not in values:
            report(node.line, f"required pfif:{name} is missing")
        elif not values[name]:
            report(node.line, f"required pfif:{name} is empty")
    about = values.get("person_record_id", "")
    if kind == "note" and context and about and about != context:
        report(node.line, f"person_record_id {about} is not the enclosing person's {context}")
    return record_id


def _check_value(name: str, value: str) -> str | None:
    """What is wrong with a field's value, or None; an empty optional value is no value."""
    kind = _TYPES.get(name)
    if not value or kind is None:
        return None
    if kind == "time":
        if parse_datetime(value) is None:
            return f"{name} {value!r} is not a PFIF date (YYYY-MM-DDTHH:MM:SSZ, in UTC)"
        return None
    pattern, form = _FORMS[kind]
    if not pattern.fullmatch(value) or (kind == "approx_date" and not _real_date(value)):
        return f"{name} {value!r} is not {form}"
    return None


def _real_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return False
    return len(parts) < 3 or parse_datetime(f"{value}T00:00:00Z") is not None
