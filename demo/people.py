"""Demo people for ``seed_demo``: a centre (with its phone and the oncology ward's 24-hour
phone), its staff member, physiotherapist and admin.

Clinicians must use two-factor authentication; the demo accounts share a fixed TOTP
secret so that ``python manage.py demo_codes`` can print the current code. Never use
these accounts outside a demo.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from pusterom.models import Centre, User

DEMO_PASSWORD = "pusterom-demo-2026"
DEMO_TOTP_SECRET = "PUSTEROMDEMOKEYPUSTEROMD"
DEMO_CENTRE = "Pusterom Oslo (demo)"
# The numbers a patient is shown when a call is needed (fictional, in E.164).
DEMO_CENTRE_PHONE = "+4722000000"
DEMO_WARD_PHONE = "+4723000000"
STAFF_EMAIL = "resepsjon@demo.pusterom.no"
PHYSIO_EMAIL = "fysio@demo.pusterom.no"
ADMIN_EMAIL = "admin@demo.pusterom.no"


def current_code(secret: str = DEMO_TOTP_SECRET, at: float | None = None) -> str:
    import time

    counter = int(at if at is not None else time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def ensure_user(
    *, email, role, centre=None, first_name="", last_name="", totp=False, **extra
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        if role == User.Role.ADMIN:
            user = User.objects.create_superuser(
                email, DEMO_PASSWORD, first_name=first_name, last_name=last_name
            )
        else:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                role=role,
                centre=centre,
                first_name=first_name,
                last_name=last_name,
                **extra,
            )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def seed_people() -> dict:
    centre, _ = Centre.objects.get_or_create(
        name=DEMO_CENTRE,
        defaults={"region": "Helse Sør-Øst", "city": "Oslo", "timezone": "Europe/Oslo"},
    )
    if not (centre.phone and centre.ward_phone):  # a demo seeded before the numbers were
        centre.phone = centre.phone or DEMO_CENTRE_PHONE
        centre.ward_phone = centre.ward_phone or DEMO_WARD_PHONE
        centre.save(update_fields=["phone", "ward_phone"])
    staff = ensure_user(
        email=STAFF_EMAIL,
        role=User.Role.STAFF,
        centre=centre,
        first_name="Randi",
        last_name="Resepsjon",
        totp=True,
    )
    physio = ensure_user(
        email=PHYSIO_EMAIL,
        role=User.Role.PHYSIO,
        centre=centre,
        first_name="Fride",
        last_name="Fysio",
        totp=True,
    )
    admin = ensure_user(
        email=ADMIN_EMAIL, role=User.Role.ADMIN, first_name="Ada", last_name="Admin", totp=True
    )
    return {"centre": centre, "staff": staff, "physio": physio, "admin": admin}
