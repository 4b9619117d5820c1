"""The security log: one call, ``record(kind, …)``, for the services and the signal receivers.

Who acts and from where comes from the request being served (``AuditContextMiddleware`` puts it
in a context variable), so a service records its own actions without being handed the request;
work outside a request (a task, a shell) is recorded without an address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import SecurityEvent, User

log = logging.getLogger("portal.security")


@dataclass(frozen=True)
class Origin:
    ip: str | None
    user_agent: str
    #: The request's user, still lazy: read only when something is recorded.
    user: Any = None


_origin: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address as the rate limits see it (behind ``TRUSTED_PROXY_COUNT``
    proxies, from X-Forwarded-For); None when it cannot be told."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter().get_client_ip(request)
    except Exception:  # an address that cannot be told is recorded as unknown
        return None


def origin_of(request: HttpRequest) -> Origin:
    return Origin(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        user=getattr(request, "user", None),
    )


def acting_user() -> User | None:
    """Who is signed in on the request being served (for changes made through the admin)."""
    origin = _origin.get()
    user = origin.user if origin else None
    return user if user is not None and user.is_authenticated else None


@contextmanager
def request_origin(request: HttpRequest) -> Iterator[None]:
    token = _origin.set(origin_of(request))
    try:
        yield
    finally:
        _origin.reset(token)


def record(
    kind: str,
    *,
    by: User | None = None,
    subject: object = "",
    request: HttpRequest | None = None,
    email: str = "",
    **details: Any,
) -> SecurityEvent:
    """Append one line to the security log (and to the ``portal.security`` logger)."""
    from .models import SecurityEvent

    origin = origin_of(request) if request is not None else _origin.get()
    actor = by if by is not None and getattr(by, "pk", None) else None
    event = SecurityEvent(
        kind=kind,
        actor=actor,
        actor_email=(actor.email if actor is not None else email)[:254],
        subject=str(subject)[:300],
        ip=origin.ip if origin else None,
        user_agent=origin.user_agent if origin else "",
        details={k: _plain(v) for k, v in details.items()},
    )
    event.save()
    log.info("%s by=%s subject=%s ip=%s", kind, event.actor_email or "-", event.subject, event.ip)
    return event


def _plain(value: Any) -> Any:
    """Details as JSON can hold them."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
