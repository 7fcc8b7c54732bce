"""Erasure of a registry person: the data goes from every copy, a tombstone stays.

A person erased keeps the row (lists and operations still count it) with "—" for a name and
nothing else: no date or place of birth, no other spellings, no sealed whereabouts or medical
needs, no search keys (search cannot find it), no candidate pairs in the review queue, in
tracing cases or in exchange reconciliation, and no names in the rows of the lists it came
from. Registrations and tracing cases erase the person they made through `erase_person_data`
when nothing else still needs it (corridor.corridors.retention); the data protection officer
erases one on request with `erase`, together with the records merged into it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from corridor.accounts.roles import Role
from corridor.audit import services as audit
from corridor.errors import NotPermitted
from corridor.registry.models import Person, PersonKey, Sex
from corridor.retention import ERASED

ERASING_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})


def erase_person_data(person: Person, *, source_rows: bool = False) -> None:
    """Blank the person and remove every copy the system made of them; with `source_rows`,
    also the names and dates in the rows of the lists they came from."""
    from corridor.exchange.models import Finding
    from corridor.matching.models import MatchCandidate
    from corridor.tracing.models import TracingCandidate

    MatchCandidate.objects.filter(Q(person=person) | Q(existing=person)).delete()
    TracingCandidate.objects.filter(person=person).delete()
    Finding.objects.filter(person=person).delete()
    PersonKey.objects.filter(person=person).delete()
    if source_rows:
        for row in person.source_records.all():
            row.fields = {name: ERASED for name, value in row.fields.items() if value}
            row.extra = {}
            row.save(update_fields=["fields", "extra"])
    person.family_name, person.given_name, person.patronymic = ERASED, "", ""
    person.birth_year = person.birth_month = person.birth_day = None
    person.sex = Sex.UNKNOWN
    person.vulnerabilities, person.alternate_names, person.match_features = [], [], []
    person.birth_note = person.place_note = ""
    person.whereabouts = person.medical_needs = None
    person.save()


@transaction.atomic
def erase(user, person_id, reason: str) -> Person:
    """Erasure on request: the data protection officer of the person's organisation erases
    the person everywhere, with every record merged into them (the same person)."""
    person = Person.objects.get_visible(user, person_id)  # 404 before 403
    if user.role not in ERASING_ROLES or person.organisation_id != user.organisation_id:
        raise NotPermitted()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.family_name == ERASED and not person.keys.exists():
        return person  # already erased: nothing more to do, no second tombstone
    same = [person, *Person.objects.select_for_update().filter(merged_into=person)]
    for one in same:
        erase_person_data(one, source_rows=True)
        audit.record(user, "registry.erased", one, {"reason": reason.strip()[:200] or "request"})
    return person
