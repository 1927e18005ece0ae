"""The base of every step form: the same form validates the UI and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TaskForm(forms.Form):
    """The free comment comes last: a step's own fields (its decision, its opinion) are
    what the person fills first. Where the step has its own opinion, the comment is the
    remarks beside it, not a second "意见"."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "comment"] + ["comment"])
        if "opinion" in self.fields:
            self.fields["comment"].label = _("Remarks")
