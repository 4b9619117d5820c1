"""What every e-mail of the portal shares."""

from email.utils import make_msgid

from .links import portal_domain


def message_id(kind: str) -> str:
    """A Message-ID no other message has, on any deployment or after a database reset
    (``make_msgid`` adds the time, the process and a random number), on the portal's own
    domain; ``kind`` says what it is (``notification-42``) to whoever reads the headers."""
    return make_msgid(idstring=kind, domain=portal_domain())
