from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils.crypto import salted_hmac


class Function(models.TextChoices):
    """The part of the organisation a person works in; weak spots name the one that judges them."""

    ENGINEERING = "engineering", "Engineering"
    PRODUCT = "product", "Product"
    DESIGN = "design", "Design"
    DATA = "data", "Data"
    SALES = "sales", "Sales"
    MARKETING = "marketing", "Marketing"
    CUSTOMER_SUCCESS = "customer_success", "Customer success"
    OPERATIONS = "operations", "Operations"
    PEOPLE = "people", "People"
    FINANCE = "finance", "Finance"
    LEADERSHIP = "leadership", "Leadership"

    @classmethod
    def from_text(cls, text: str) -> "Function | None":
        """The function named by its value or its label, in any case; None if none is."""
        wanted = " ".join(text.strip().lower().replace("_", " ").split())
        for member in cls:
            if wanted in (member.value.replace("_", " "), member.label.lower()):
                return member
        return None


def normalise_email(text: str) -> str:
    """An email as Debrief stores and compares it: trimmed, in lower case."""
    return str(text).strip().lower()


class PersonQuerySet(models.QuerySet):
    def search(self, text: str, function: str = ""):
        people = self
        for word in text.split():
            people = people.filter(
                models.Q(name__icontains=word)
                | models.Q(email__icontains=word)
                | models.Q(title__icontains=word)
            )
        if function:
            people = people.filter(function=function)
        return people

    def for_directory(self):
        return self.filter(is_active=True).only(
            "id",
            "name",
            "email",
            "function",
            "title",
            "is_senior_leader",
            "is_staff",
            "is_hiring_team",
        )


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Emails are stored in lower case; people type them any way.
        return self.get(email=normalise_email(username))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A person needs an email address.")
        person = self.model(email=normalise_email(email), **fields)
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("name", email.split("@")[0])
        return self.create_user(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone in the organisation's directory; also the account they sign in with."""

    email = models.EmailField(
        "email",
        max_length=254,
        unique=True,
        error_messages={"unique": "Someone in the directory already has this email."},
    )
    name = models.CharField(max_length=150)
    function = models.CharField(
        max_length=32, choices=Function.choices, default=Function.ENGINEERING
    )
    title = models.CharField(max_length=150, blank=True)
    is_senior_leader = models.BooleanField(
        "senior leader",
        default=False,
        help_text="Senior leaders count among the weekly-or-less interviewers of a loop.",
    )
    is_hiring_team = models.BooleanField(
        "hiring team",
        default=False,
        help_text="Hiring managers and recruiters: may keep the directory and create roles.",
    )
    is_staff = models.BooleanField(
        "staff", default=False, help_text="May use the admin and change organisation settings."
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["function", "name"])]

    def __str__(self):
        return self.name or self.email

    def get_absolute_url(self):
        return reverse("loops:person-edit", args=[self.pk])

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def can_manage_hiring(self) -> bool:
        """May keep the directory and create roles."""
        return self.is_staff or self.is_hiring_team

    def entry_editable_by(self, editor: "Person") -> bool:
        """Whether ``editor`` may change anything of this directory entry: staff anyone's,
        the hiring team that of people who are neither staff nor on the hiring team."""
        if editor.is_staff:
            return True
        return editor.is_hiring_team and not (self.is_staff or self.is_hiring_team)

    def fields_editable_by(self, editor: "Person | None") -> set[str]:
        """The directory fields ``editor`` may set on this entry (on a new one, unsaved, the
        hiring team sets every directory fact). Only staff change access (the hiring team),
        and an email that is an account in use (a password reset goes there)."""
        facts = {"name", "function", "title", "is_senior_leader"}
        if editor is not None and editor.is_staff:
            return {*facts, "email", "is_hiring_team"}
        if self._state.adding:
            return {*facts, "email"}
        if editor is None or not self.entry_editable_by(editor):
            return set()
        return facts if self.can_sign_in else {*facts, "email"}

    @property
    def can_sign_in(self) -> bool:
        """Has an account in use: a password of their own, or a sign-in behind them."""
        return self.is_active and (self.has_usable_password() or self.last_login is not None)

    def _get_session_auth_hash(self, secret=None):
        """Sessions carry this; a session whose hash no longer matches is signed out. Django
        hashes the password alone; the email is added, so changing it ends every session."""
        return salted_hmac(
            "debrief.Person.get_session_auth_hash",
            f"{self.password}\x00{self.email}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


class ResetRequestQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(at__gte=moment)


class ResetRequest(models.Model):
    """One asking for a password-reset link, kept for the per-email and per-address limits
    (``loops.services.accounts.request_password_reset``). Rows for unknown emails are kept too, so
    that a known and an unknown address are answered alike."""

    email = models.EmailField(max_length=254)
    address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ResetRequestQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["email", "at"], name="reset_email_idx"),
            models.Index(fields=["address", "at"], name="reset_address_idx"),
        ]

    def __str__(self):
        return f"{self.email} at {self.at:%Y-%m-%d %H:%M}"
