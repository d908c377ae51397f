"""Project middleware."""

from django.http import HttpResponseNotAllowed

# The app answers only these; TRACE, OPTIONS, PUT, DELETE, PATCH, … get 405 before any view
# runs (a TRACE echoing a page, or a view that ignores the method, is thereby ruled out).
ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)
