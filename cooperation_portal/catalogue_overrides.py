# ruff: noqa: E501 — msgids must match Django's and allauth's catalogues exactly
"""Strings of Django and django-allauth that officers read, re-translated in our catalogue.

Their own Japanese uses あなた, half-width ``:`` ``?`` ``(`` and a casual tone (see
locale/ja/GLOSSARY.md). Django's LOCALE_PATHS come before an app's own catalogue, so listing the
msgids here brings them into locale/ja/LC_MESSAGES/django.po (``make messages``), where
locale/ja/sources/15_i12_japanese.py translates them. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MSGIDS = [
    gettext_noop(":"),
    gettext_noop("Sign Up Closed"),
    gettext_noop("We are sorry, but the sign up is currently closed."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Forgot your password?"),
    gettext_noop("Forgot Password?"),
    gettext_noop("New Password (again)"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("Change Password"),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an authenticator code:"
    ),
    gettext_noop("Enter an authenticator code:"),
    gettext_noop("Added on %(created_at)s"),
    gettext_noop("Last used %(last_used)s"),
    gettext_noop("Warning:"),
    gettext_noop("Messages:"),
    gettext_noop("Menu:"),
    gettext_noop(
        "You are about to create a passkey for your account. As you can add additional keys later on, you can use a descriptive name to tell the keys apart."
    ),
    gettext_noop("Your email has been confirmed."),
    gettext_noop("Your email address is still pending verification."),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an account with email %(email)s. However, we do not have any record of such an account in our database."
    ),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Enter Email Verification Code"),
    gettext_noop(
        "You are receiving this mail because the following change was made to your account:"
    ),
    gettext_noop(
        "If you do not recognize this change then please take proper security precautions immediately. The change to your account originates from:\n\n- IP address: %(ip)s\n- Browser: %(user_agent)s\n- Date: %(timestamp)s"
    ),
    gettext_noop("Your email has been changed from %(from_email)s to %(to_email)s."),
    gettext_noop("Email address %(deleted_email)s has been removed from your account."),
    gettext_noop("Your sign-in code is listed below. Please enter it in your open browser window."),
    gettext_noop(
        "Your password reset code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop(
        "Your email verification code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
]

PLURALS = [
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
]
