"""Security: HTTPS, HSTS and cookies, the content security policy, clinicians' session
timeouts, and signing in (django-allauth: lockout, re-authentication, two-factor)."""

from __future__ import annotations

from django.utils.csp import CSP

from pusterom.settings.environment import BEHIND_PROXY, DEBUG, PROXY_COUNT, SECURE_HSTS_SECONDS

# --- Security ------------------------------------------------------------------------------

SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600  # patients stay signed in on their own phone
X_FRAME_OPTIONS = "DENY"
# A form sent with an expired or missing CSRF token gets our 403 page, in the user's language.
CSRF_FAILURE_VIEW = "pusterom.errors.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script and no third-party host anywhere. allauth's TOTP QR code is a data: image.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Physiotherapists and clinic staff work on shared computers at the centre.
CLINICIAN_IDLE_TIMEOUT = 30 * 60
CLINICIAN_ABSOLUTE_TIMEOUT = 12 * 3600

# --- django-allauth ------------------------------------------------------------------------

ACCOUNT_ADAPTER = "pusterom.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Pusterom: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
if PROXY_COUNT:
    ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT
# Sign-in lockout: 5 failed sign-ins to one account within 5 minutes lock signing in to it
# with a password for 5 minutes (the right password too); 10 failures a minute from one
# address are refused as well. A password reset lifts the lock at once (allauth clears it),
# so a clinician whom someone keeps locked out still has a way in. The login page says how
# long the lock lasts (pusterom.adapters).
LOGIN_LOCKOUT_ATTEMPTS = 5
LOGIN_LOCKOUT_SECONDS = 5 * 60
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"10/m/ip,{LOGIN_LOCKOUT_ATTEMPTS}/{LOGIN_LOCKOUT_SECONDS}s/key",
}
# Re-authentication (allauth): the password again, unless it was given in the last 5 minutes,
# before changing email addresses (this setting), two-factor settings (allauth.mfa asks by
# default) and before the pages named in REAUTHENTICATE_FOR (pusterom.settings.pages, asked by
# pusterom.middleware). Changing
# the password asks for the current one in the form itself.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# The password (or a two-factor code), not a code sent by email: the question is whether the
# person at the keyboard is the account holder.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
MFA_REAUTHENTICATION_REQUIRED = True
MFA_ADAPTER = "pusterom.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pusterom"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"
