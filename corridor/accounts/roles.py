"""Organisation kinds and user roles of DOMAIN.md, and which role belongs to which side."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PARTY_A = "party_a", _("Party A")
    PARTY_B = "party_b", _("Party B")
    INTERMEDIARY = "intermediary", _("Neutral intermediary")
    MEDIATOR = "mediator", _("Mediator / transit state")


PARTY_KINDS = frozenset({OrganisationKind.PARTY_A, OrganisationKind.PARTY_B})


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    PROTECTION_DELEGATE = "protection_delegate", _("Protection delegate")
    OPERATIONS_LEAD = "operations_lead", _("Operations lead")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    BUREAU_OFFICER = "bureau_officer", _("Information bureau officer")
    FIELD_REGISTRAR = "field_registrar", _("Field registrar")
    OBSERVER = "observer", _("Observer (transit / mediator state)")


ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.INTERMEDIARY: frozenset(
        {
            Role.CASEWORKER,
            Role.PROTECTION_DELEGATE,
            Role.OPERATIONS_LEAD,
            Role.DATA_PROTECTION_OFFICER,
            Role.FIELD_REGISTRAR,
        }
    ),
    OrganisationKind.PARTY_A: frozenset(
        {Role.LIAISON_OFFICER, Role.BUREAU_OFFICER, Role.FIELD_REGISTRAR}
    ),
    OrganisationKind.PARTY_B: frozenset(
        {Role.LIAISON_OFFICER, Role.BUREAU_OFFICER, Role.FIELD_REGISTRAR}
    ),
    OrganisationKind.MEDIATOR: frozenset({Role.OBSERVER}),
}

# Intermediary roles that may send data across sides (a Transmission).
TRANSMITTING_ROLES = frozenset(
    {Role.CASEWORKER, Role.OPERATIONS_LEAD, Role.DATA_PROTECTION_OFFICER}
)
# Roles that register civilians (households and persons).
REGISTERING_ROLES = frozenset({Role.FIELD_REGISTRAR})
# Roles that import lists into the registry.
IMPORTING_ROLES = frozenset(
    {Role.FIELD_REGISTRAR, Role.BUREAU_OFFICER, Role.CASEWORKER, Role.OPERATIONS_LEAD}
)
# Roles that decide whether two records are one person.
REVIEWING_ROLES = frozenset(
    {Role.CASEWORKER, Role.PROTECTION_DELEGATE, Role.BUREAU_OFFICER, Role.FIELD_REGISTRAR}
)
# Roles that may export person records in PFIF (data leaves the system: audited).
PFIF_EXPORTING_ROLES = frozenset({Role.CASEWORKER, Role.DATA_PROTECTION_OFFICER})
