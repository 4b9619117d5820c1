"""Who is behind a request, for code that only signed-in people reach.

django-stubs types ``request.user`` as ``User | AnonymousUser``. A ``@login_required`` view
annotates its request as ``AuthenticatedHttpRequest`` instead, so the services it calls get a
``User`` without a cast. The admin, whose method signatures are Django's, asks ``staff_user``.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a ``@login_required`` view (an annotation only, never instantiated)."""

    user: User


def staff_user(request: HttpRequest) -> User:
    """The person using the admin. The admin site lets in active staff only; an anonymous
    visitor here would be refused by the services anyway, so refuse them the same way."""
    if isinstance(request.user, AnonymousUser):
        raise PermissionDenied
    return request.user
