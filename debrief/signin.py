"""Sign-in limits, on django-axes.

Two limits, both over the last ``AXES_COOLOFF_MINUTES``:
- one account from one address: ``AXES_FAILURE_LIMIT`` wrong passwords pause it;
- one address across all accounts: ``SIGN_IN_ADDRESS_FAILURE_LIMIT`` wrong passwords
  pause every sign-in from it (one password tried on many accounts).
The email is counted as sign-in reads it (trimmed, in lower case), so typing it in
another case gives no fresh attempts, and the address is the one
``debrief.proxies`` resolved (a forged X-Forwarded-For gives no fresh attempts either).
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

from loops.models.people import normalise_email


def username(request, credentials) -> str:
    """The email as sign-in matches it (AXES_USERNAME_CALLABLE)."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    return normalise_email(typed or "")


class SignInLimits(AxesDatabaseHandler):
    """Axes's database handler with a limit of its own for the address alone.

    Axes compares one count against one limit; here the address's count is scaled so
    that reaching SIGN_IN_ADDRESS_FAILURE_LIMIT weighs as much as the account's limit.
    It relies on AXES_LOCKOUT_PARAMETERS's order: the account at an address, then the address.
    """

    def get_failures(self, request, credentials=None) -> float:
        account, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scale = settings.AXES_FAILURE_LIMIT / settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
        return max(account, address * scale)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears that account's failures at that address only: clearing
        the address's too would let anyone with an account wipe the address limit."""
        account, _address = self.filter_user_attempts(request, credentials)
        count, _ = account.delete()
        return count
