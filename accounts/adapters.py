from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from django.utils.crypto import get_random_string

from . import audit
from .models import SecurityEvent, User

_DEVICE_SALT = "accounts.known-device"


def known_device(request: HttpRequest, login: str) -> str | None:
    """The id of this browser's device cookie when it was issued for ``login`` (a successful
    log-in to that account from this browser within a year), else None."""
    raw = request.COOKIES.get(settings.DEVICE_COOKIE_NAME, "")
    if not raw:
        return None
    try:
        email, device = signing.loads(raw, salt=_DEVICE_SALT, max_age=settings.DEVICE_COOKIE_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return device if isinstance(device, str) and email == login.lower() else None


class AccountAdapter(DefaultAccountAdapter):
    """Closed sign-up (people join by invitation), language-aware log-in, and failed log-ins
    counted so that an attacker is slowed down without locking the owner out.

    allauth counts failed log-ins per IP and per "key". Here the key is the account *and* the
    IP, with a second, higher ceiling per account over every unknown browser; a browser that
    signed in to the account before (a signed device cookie) is counted on its own and skips
    both, so the owner's right password from their usual browser works while strangers are
    refused.
    """

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # An X-Forwarded-For with fewer hops than TRUSTED_PROXY_COUNT says the request did not
        # come through the proxies: count it under the address that reached the portal.
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        login = str(credentials.get("email", credentials.get("username", ""))).lower()
        return f"{login}:{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        login = str(credentials.get("email", credentials.get("username", ""))).lower()
        device = known_device(request, login)
        if device:
            checks = [("login_failed_known_device", f"{login}:device:{device}")]
        else:
            checks = [
                ("login_failed", self._get_login_attempts_cache_key(request, **credentials)),
                ("login_failed_account", login),
            ]
        usages: list[ratelimit.RateLimitUsage] = []
        for action, key in checks:
            usage = ratelimit.consume(request, app="allauth.account", action=action, key=key)
            if usage is None:
                for taken in usages:
                    taken.rollback()
                audit.record(
                    SecurityEvent.Kind.LOGIN_REFUSED,
                    email=login,
                    subject=login,
                    request=request,
                    limit=action,
                )
                raise self.validation_error("too_many_login_attempts")
            usages.append(usage)
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(
            usage=[single for usage in usages for single in usage.usage]
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", None)
        return translate_url(url, language) if language else url

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        # Remember the user's language for pages reached without a /en/ or /ja/ prefix.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        # This browser is now a known device of the account (see pre_authenticate).
        device = known_device(request, user.email) or get_random_string(24)
        response.set_cookie(
            settings.DEVICE_COOKIE_NAME,
            signing.dumps([user.email.lower(), device], salt=_DEVICE_SALT),
            max_age=settings.DEVICE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
        return response
