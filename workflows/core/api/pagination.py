"""Page-number pagination with a strict, bounded ``page_size``."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """25 rows a page by default; ``page_size`` from 1 to 100, anything else is a 400."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = _("Rows per page, from 1 to 100 (25 when not given).")

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if not 1 <= value <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return value
