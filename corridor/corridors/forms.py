"""Forms of the corridor pages: terms of a version, a household registration, a convoy, an incident."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.corridors import text
from corridor.corridors.models import Decision, IncidentKind
from corridor.registry.models import Settlement

FIELD_LABELS = {
    "family_name": _("family name"),
    "given_name": _("given name"),
    "patronymic": _("patronymic"),
    "birth_year": _("year of birth"),
    "sex": _("sex"),
    "settlement": _("settlement"),
}


def _settlements():
    return Settlement.objects.order_by("name_latin")


class SettlementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_latin} / {obj.name_uk} / {obj.name_ru}"


class SettlementsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_latin} / {obj.name_uk} / {obj.name_ru}"


class TermsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    from_party = forms.ChoiceField(
        label=_("Civilians leave territory controlled by"),
        choices=[("party_a", _("Party A")), ("party_b", _("Party B"))],
    )
    origin = SettlementsChoice(label=_("Settlements of origin"), queryset=_settlements())
    waypoints = SettlementsChoice(label=_("Waypoints"), queryset=_settlements(), required=False)
    crossing = SettlementChoice(label=_("Crossing point"), queryset=_settlements())
    destination = SettlementChoice(label=_("Destination"), queryset=_settlements())
    start = forms.DateTimeField(
        label=_("Window opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("Window closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    recurrence = forms.ChoiceField(
        label=_("Repeats"),
        choices=[("once", _("once")), ("daily", _("daily")), ("weekly", _("weekly"))],
    )
    until = forms.DateField(
        label=_("Repeats until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    who_may_pass = forms.CharField(
        label=_("Who may pass"), widget=forms.Textarea(attrs={"rows": 2})
    )
    vehicles = forms.CharField(
        label=_("Vehicles and markings"), widget=forms.Textarea(attrs={"rows": 2})
    )
    escort = forms.CharField(
        label=_("Escort"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    incident_procedure = forms.CharField(
        label=_("Incident procedure"), widget=forms.Textarea(attrs={"rows": 2})
    )
    hotlines = forms.CharField(label=_("Hotlines"), max_length=2000)
    manifest_fields = forms.MultipleChoiceField(
        label=_("Fields the parties receive on the manifest"),
        choices=[(f, FIELD_LABELS[f]) for f in text.MANIFEST_FIELD_CHOICES],
        widget=forms.CheckboxSelectMultiple,
        initial=["family_name", "given_name", "birth_year"],
    )

    @classmethod
    def initial_from(cls, content: dict) -> dict:
        route, window = content["route"], (content.get("windows") or [{}])[0]
        return {
            "title": content["title"],
            "from_party": content["from_party"],
            "origin": [p["id"] for p in route["origin"]],
            "waypoints": [p["id"] for p in route["waypoints"]],
            "crossing": route["crossing"]["id"],
            "destination": route["destination"]["id"],
            "start": window.get("start", "")[:16],
            "end": window.get("end", "")[:16],
            "recurrence": window.get("recurrence", "once"),
            "until": window.get("until", ""),
            **{f: content.get(f, "") for f in text.TEXT_FIELDS},
            "manifest_fields": content.get("manifest_fields", []),
        }

    def terms(self):
        from corridor.corridors.services.agreements import Terms

        d = self.cleaned_data
        window = {
            "start": d["start"].isoformat(),
            "end": d["end"].isoformat(),
            "recurrence": d["recurrence"],
        }
        if d.get("until"):
            window["until"] = d["until"].isoformat()
        return Terms(
            title=d["title"],
            from_party=d["from_party"],
            origin=[s.pk for s in d["origin"]],
            waypoints=[s.pk for s in d["waypoints"]],
            crossing=d["crossing"].pk,
            destination=d["destination"].pk,
            windows=[window],
            **{f: d.get(f, "") for f in text.TEXT_FIELDS},
            manifest_fields=d["manifest_fields"],
        )


class HouseholdForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    settlement = SettlementChoice(label=_("Settlement"), queryset=_settlements())
    reference = forms.CharField(
        label=_("Household reference (house, street)"), max_length=60, required=False
    )
    destination = SettlementChoice(
        label=_("Destination they chose"), queryset=_settlements(), required=False
    )
    witness = forms.CharField(label=_("Who witnessed the decision (name and role)"), max_length=200)


class MemberForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=120, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=120, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=120, required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1890,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("U", _("not said")), ("F", _("female")), ("M", _("male"))],
        required=False,
    )
    decision = forms.ChoiceField(
        label=_("Their own decision"), choices=Decision.choices, initial=Decision.LEAVE
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=3,
        choices=[(1, _("1 – urgent (medical)")), (2, _("2 – vulnerable")), (3, _("3 – other"))],
    )
    wheelchair = forms.BooleanField(label=_("Wheelchair"), required=False)
    stretcher = forms.BooleanField(label=_("Stretcher"), required=False)
    medical_escort = forms.BooleanField(label=_("Needs a medical escort"), required=False)
    child_alone = forms.BooleanField(label=_("Child travelling alone"), required=False)
    travels_separately = forms.BooleanField(
        label=_("The household agreed this person may travel apart"), required=False
    )

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not (d.get("family_name") or d.get("given_name"))


MemberFormSet = forms.formset_factory(MemberForm, extra=4, max_num=12)


class ConvoyForm(forms.Form):
    departs_at = forms.DateTimeField(
        label=_("Departs"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    vehicles = forms.CharField(
        label=_("Vehicles, one a line: name; seats; wheelchair places; stretcher places; markings"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def specs(self):
        from corridor.corridors.services.convoys import VehicleSpec

        out = []
        for line in self.cleaned_data["vehicles"].splitlines():
            parts = [p.strip() for p in line.split(";")]
            if not parts[0]:
                continue
            try:
                numbers = [int(p or 0) for p in ([*parts[1:4], "0", "0", "0"])[:3]]
            except ValueError as exc:
                raise forms.ValidationError(_("Places must be whole numbers.")) from exc
            out.append(
                VehicleSpec(
                    parts[0], numbers[0], numbers[1], numbers[2], markings=";".join(parts[4:])
                )
            )
        return out


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of incident"), choices=IncidentKind.choices)
    account = forms.CharField(
        label=_("What happened: facts only (time, place, what was seen), no blame"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    by_party = forms.ChoiceField(
        label=_("Whose authority acted (for refused passage or detention)"),
        choices=[("", _("not applicable")), ("party_a", _("Party A")), ("party_b", _("Party B"))],
        required=False,
    )
    evacuee_code = forms.CharField(
        label=_("Code of the person concerned (if any)"), max_length=20, required=False
    )
    suspend = forms.BooleanField(label=_("Suspend the agreement"), required=False)
