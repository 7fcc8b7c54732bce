"""The form of a PFIF export request: what the export is for, and of whom."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.interop.models import PURPOSE_MAX, PURPOSE_MIN, ExportRequest
from corridor.registry.models import SourceList


class ExportRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"),
        min_length=PURPOSE_MIN,
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "purpose-help"}),
        help_text=ExportRequest._meta.get_field("purpose").help_text,
    )
    source_list = forms.ChoiceField(label=_("Persons"), required=False)

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        lists = SourceList.objects.visible_to(user).order_by("-submitted_at")[:200]
        choices: list[tuple[str, str]] = [("", str(_("everyone I may see")))]
        choices += [(str(sl.pk), _("the list “%(name)s”") % {"name": sl.name}) for sl in lists]
        self.fields["source_list"].choices = choices  # type: ignore[attr-defined]
