"""allauth's form views, answering invalid input with a 4xx instead of 200.

allauth re-renders an invalid form with status 200. The portal's rule is that bad input gets a
4xx: 400 for a form error, 429 when the failed-login rate limit refuses the attempt.
"""

from typing import Any

from allauth.account import views as allauth_views
from django.http import HttpResponse


class InvalidFormStatusMixin:
    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        codes = {error.code for errors in form.errors.as_data().values() for error in errors}
        response.status_code = 429 if "too_many_login_attempts" in codes else 400
        return response


class LoginView(InvalidFormStatusMixin, allauth_views.LoginView):
    pass


class PasswordChangeView(InvalidFormStatusMixin, allauth_views.PasswordChangeView):
    pass


class PasswordResetView(InvalidFormStatusMixin, allauth_views.PasswordResetView):
    pass


class PasswordResetFromKeyView(InvalidFormStatusMixin, allauth_views.PasswordResetFromKeyView):
    pass
