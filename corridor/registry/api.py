"""API: settlements, households and persons, each filtered by the one visibility rule."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from corridor.errors import NotVisible
from corridor.keys.services import reveal
from corridor.registry import retention, services
from corridor.registry.models import Household, Person, Settlement
from corridor.registry.presenters import present
from corridor.retention import EraseIn

router = Router(tags=["registry"])


class SettlementOut(Schema):
    id: UUID
    name_ru: str
    name_uk: str
    name_latin: str
    kind: str
    district: str


class SealedMarker(Schema):
    field: str
    is_set: bool


class PersonOut(Schema):
    """A person as this caller may see them: fields the caller may not see are absent."""

    id: UUID
    organisation: UUID | None = None
    household: UUID | None = None
    family_name: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    sex: str | None = None
    settlement: UUID | None = None
    status: str | None = None
    vulnerabilities: list[str] | None = None
    created_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    sealed: list[SealedMarker] | None = None


class PersonIn(Schema):
    family_name: str = Field(max_length=120)
    given_name: str = Field(max_length=120)
    patronymic: str = Field("", max_length=120)
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    sex: str = "U"
    settlement: UUID | None = None
    household: UUID | None = None
    status: str = "registered"
    vulnerabilities: list[str] = []
    whereabouts: str = Field("", max_length=2000)
    medical_needs: str = Field("", max_length=2000)


class HouseholdOut(Schema):
    id: UUID
    organisation: UUID | None = None
    settlement: UUID | None = None
    reference: str | None = None
    created_by: int | None = None
    created_at: datetime | None = None


class HouseholdIn(Schema):
    settlement: UUID
    reference: str = Field("", max_length=60)


class RevealedOut(Schema):
    field: str
    value: str | None


class PageFilter(Schema):
    settlement: UUID | None = None
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0)


@router.get("/settlements", response=list[SettlementOut])
def settlements(request):
    """Reference data: settlements with their names in three scripts."""
    return list(Settlement.objects.all())


@router.get("/persons", response=list[PersonOut], exclude_unset=True)
def persons(request, filters: Query[PageFilter]):
    """Persons visible to the caller; of persons transmitted to the caller only the transmitted fields."""
    qs = Person.objects.visible_to(request.auth).order_by("family_name", "given_name", "id")
    if filters.settlement:
        qs = qs.filter(settlement_id=filters.settlement)
    rows = qs[filters.offset : filters.offset + filters.limit]
    return [PersonOut(**present(request.auth, p)) for p in rows]


@router.get("/persons/{person_id}", response=PersonOut, exclude_unset=True)
def person(request, person_id: UUID):
    p = Person.objects.get_visible(request.auth, person_id)
    return PersonOut(**present(request.auth, p))


@router.get("/persons/{person_id}/sealed/{field}", response=RevealedOut)
def person_sealed(request, person_id: UUID, field: str):
    """Reveal one sealed field (roles that may read it only); every read is audited."""
    p = Person.objects.get_visible(request.auth, person_id)
    return {"field": field, "value": reveal(request.auth, p, field)}


@router.post("/persons/{person_id}/erase", response={204: None})
def erase_person(request, person_id: UUID, payload: EraseIn):
    """Erase a person on request (the organisation's data protection officer): the names go
    from the registry, the search index, candidate pairs and the rows of the source lists."""
    retention.erase(request.auth, person_id, payload.reason)
    return Status(204, None)


@router.post("/persons", response={201: PersonOut}, exclude_unset=True)
def create_person(request, payload: PersonIn):
    """Register a civilian (field registrars)."""
    user = request.auth
    settlement = (
        get_object_or_404(Settlement, pk=payload.settlement) if payload.settlement else None
    )
    household = None
    if payload.household:
        household = Household.objects.visible_to(user).filter(pk=payload.household).first()
        if household is None:
            raise NotVisible()
    data = payload.dict(exclude={"settlement", "household"})
    details = services.PersonDetails(settlement=settlement, household=household, **data)
    p = services.register_person(user, details)
    return Status(201, PersonOut(**present(user, p)))


@router.get("/households", response=list[HouseholdOut], exclude_unset=True)
def households(request, filters: Query[PageFilter]):
    qs = Household.objects.visible_to(request.auth).order_by("reference", "id")
    if filters.settlement:
        qs = qs.filter(settlement_id=filters.settlement)
    return [
        HouseholdOut(**present(request.auth, h))
        for h in qs[filters.offset : filters.offset + filters.limit]
    ]


@router.get("/households/{household_id}", response=HouseholdOut, exclude_unset=True)
def household(request, household_id: UUID):
    h = Household.objects.get_visible(request.auth, household_id)
    return HouseholdOut(**present(request.auth, h))


@router.post("/households", response={201: HouseholdOut}, exclude_unset=True)
def create_household(request, payload: HouseholdIn):
    settlement = get_object_or_404(Settlement, pk=payload.settlement)
    h = services.register_household(request.auth, settlement, payload.reference)
    return Status(201, HouseholdOut(**present(request.auth, h)))
