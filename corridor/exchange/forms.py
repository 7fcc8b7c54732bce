"""Forms of exchange lists: an upload, one entry by hand, a round."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.exchange.models import (
    Formula,
    ListKind,
    MedicalCategory,
    Population,
    RoundCategory,
)

FIELD_LABELS = {
    "reference": _("the party's reference"),
    "full_name": _("full name"),
    "family_name": _("surname"),
    "given_names": _("first names"),
    "patronymic": _("patronymic"),
    "date_of_birth": _("date of birth"),
    "sex": _("sex"),
    "rank": _("rank"),
    "serial_number": _("serial number"),
    "unit": _("unit"),
    "place_of_birth": _("place of birth"),
    "father_name": _("father's first name"),
    "mother_maiden_name": _("mother's maiden name"),
    "person_to_inform": _("person to inform"),
    "medical_category": _("category"),
    "date_of_capture": _("date of capture"),
    "place_of_capture": _("place of capture"),
    "removal_reason": _("reason for removal"),
    "death_date": _("date of death"),
    "death_place": _("place of death"),
    "population": _("population"),
    "state": _("state"),
}


def entry_field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV, XLSX, XLS or ODS)"))
    kind = forms.ChoiceField(label=_("The list holds persons"), choices=ListKind.choices)
    population = forms.ChoiceField(label=_("Who is on it"), choices=Population.choices)
    name = forms.CharField(label=_("List name"), max_length=200, required=False)


class EntryForm(forms.Form):
    family_name = forms.CharField(label=_("Surname"), max_length=120)
    given_names = forms.CharField(label=_("First names"), max_length=120, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=120, required=False)
    date_of_birth = forms.CharField(
        label=_("Date of birth (e.g. 03.07.1991, 1991)"), max_length=60, required=False
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("not known")), ("F", _("female")), ("M", _("male"))],
        required=False,
    )
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)
    serial_number = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=120, required=False)
    place_of_birth = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    father_name = forms.CharField(label=_("Father's first name"), max_length=120, required=False)
    mother_maiden_name = forms.CharField(
        label=_("Mother's maiden name"), max_length=120, required=False
    )
    person_to_inform = forms.CharField(
        label=_("Person to inform (sealed)"), max_length=500, required=False
    )
    medical_category = forms.ChoiceField(
        label=_("Category"), choices=MedicalCategory.choices, required=False
    )
    date_of_capture = forms.CharField(label=_("Date of capture"), max_length=60, required=False)
    place_of_capture = forms.CharField(label=_("Place of capture"), max_length=200, required=False)
    reference = forms.CharField(label=_("Your reference"), max_length=120, required=False)


class CaptureForm(EntryForm):
    population = forms.ChoiceField(label=_("The person is"), choices=Population.choices)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name of the round"), max_length=200)
    formula = forms.ChoiceField(label=_("Formula"), choices=Formula.choices)
    category = forms.ChoiceField(label=_("Category"), choices=RoundCategory.choices)
    size = forms.IntegerField(
        label=_("N (persons released by each party)"), min_value=1, required=False
    )
