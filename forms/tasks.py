"""The base of every step form: the same form validates the UI and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TaskForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
