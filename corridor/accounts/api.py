"""API: who am I, and the organisations."""

from uuid import UUID

from ninja import Router, Schema

from corridor.accounts.models import Organisation

router = Router(tags=["accounts"])


class OrganisationOut(Schema):
    id: UUID
    code: str
    name: str
    kind: str


class MeOut(Schema):
    username: str
    role: str
    organisation: OrganisationOut | None


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {"username": user.username, "role": user.role, "organisation": user.organisation}


@router.get("/organisations", response=list[OrganisationOut])
def organisations(request):
    """The organisations taking part (their names are not confidential)."""
    return list(Organisation.objects.all())
