"""RFC 6238 codes, computed here rather than with the library that checks them."""

import base64
import hashlib
import hmac
import struct
import time


def totp(secret: str, at: float | None = None, *, step: int = 30, digits: int = 6) -> str:
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def pass_second_factor(page, secret: str | None = None) -> None:
    """In a browser test, after the password was sent: when the portal asks for an
    authenticator code (coordinators and admins have one), type the current one."""
    from tests.factories import TOTP_SECRET

    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/2fa/authenticate/" in page.url:
        page.locator("input[name=code]").fill(totp(secret or TOTP_SECRET))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(lambda url: "/2fa/authenticate/" not in url)
