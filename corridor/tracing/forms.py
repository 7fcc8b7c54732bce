"""The public tracing request and the status check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.tracing.models import CaseCategory, ConsentScope


class RequestForm(forms.Form):
    sought_name = forms.CharField(
        label=_("Full name of the person you are looking for (any alphabet)"), max_length=200
    )
    sought_birth = forms.CharField(
        label=_("Date of birth or age (e.g. 03.07.1961, 1961, about 60)"),
        max_length=60,
        required=False,
    )
    sought_sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("not known")), ("F", _("female")), ("M", _("male"))],
        required=False,
    )
    sought_place = forms.CharField(
        label=_("Settlement where they lived"), max_length=200, required=False
    )
    last_contact_date = forms.CharField(
        label=_("When did you last hear from them?"), max_length=60, required=False
    )
    last_contact_place = forms.CharField(
        label=_("Where were they then?"), max_length=200, required=False
    )
    circumstances = forms.CharField(
        label=_("Circumstances (what happened, who else was with them)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    marks = forms.CharField(label=_("Distinguishing marks"), max_length=1000, required=False)
    category = forms.ChoiceField(
        label=_("The person is"), choices=CaseCategory.choices, initial="civilian"
    )
    enquirer_name = forms.CharField(label=_("Your name"), max_length=200)
    relationship = forms.CharField(
        label=_("Your relationship to them (e.g. daughter)"), max_length=60
    )
    email = forms.EmailField(label=_("Your e-mail"), required=False, max_length=200)
    phone = forms.CharField(label=_("Your phone"), required=False, max_length=60)
    agree = forms.BooleanField(label=_("I have read the privacy notice above"))
    altcha = forms.CharField(widget=forms.HiddenInput, required=False)


class StatusForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=20)
    secret = forms.CharField(
        label=_("Secret"), max_length=40, widget=forms.PasswordInput(render_value=False)
    )


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What the person sought agreed to"), choices=ConsentScope.choices
    )
    news = forms.CharField(
        label=_("News they send"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=600,
        required=False,
    )
    contact = forms.CharField(label=_("How they may be contacted"), max_length=300, required=False)
    address = forms.CharField(
        label=_("Address they agreed to share"), max_length=300, required=False
    )
