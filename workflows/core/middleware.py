from workflows.core.audit import AuditContext, reset_context, set_context


class AuditContextMiddleware:
    """Make the acting user and client IP available to ``audit.record``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        token = set_context(AuditContext(actor=user, ip=request.META.get("REMOTE_ADDR")))
        try:
            return self.get_response(request)
        finally:
            reset_context(token)
