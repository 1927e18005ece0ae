from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required middleware, except for the API.

    API clients (courts, the online-service channel) authenticate with tokens that
    only Django REST framework reads; it answers them with 401/403 JSON, not a
    redirect to the login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


REPLACEMENT = "\ufffd"


class RejectUndecodableFormMiddleware:
    """Refuse form fields that were not sent as UTF-8, instead of storing them garbled.

    Django decodes urlencoded and multipart fields as UTF-8 with replacement characters,
    so a field sent in GBK (common in older government systems) would be stored as
    "���". Our pages are UTF-8 and browsers answer in kind, so a replacement character
    means the client used another encoding: answer 400 naming the fields. (JSON bodies
    need no check: the JSON parser refuses undecodable bytes itself.)
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            garbled = sorted(
                name
                for name, values in request.POST.lists()
                if any(REPLACEMENT in value for value in values)
            )
            if garbled:
                message = _("This text is not valid UTF-8 (was it sent as GBK?); send it as UTF-8.")
                if request.path_info.startswith("/api/"):
                    return JsonResponse({name: [message] for name in garbled}, status=400)
                fields = "、".join(garbled)
                return HttpResponseBadRequest(
                    f"{message} ({fields})", content_type="text/plain; charset=utf-8"
                )
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every HTML page (Django 5.2 has
    no CSP of its own).

    The policy allows scripts from this site only: a value that slipped past escaping
    could not run as script. Pages keep their behaviour in static files
    (``core/js/xinyong.js``); inline ``style`` attributes stay allowed, since viewflow's
    Material components set them. Other responses (PDFs, JSON, exports) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if (
            self.policy
            and response.get("Content-Type", "").startswith("text/html")
            and "Content-Security-Policy" not in response
        ):
            response["Content-Security-Policy"] = self.policy
        return response
