from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse


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
            "id", "name", "email", "function", "title", "is_senior_leader", "is_staff"
        )


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Emails are stored in lower case; people type them any way.
        return self.get(email=str(username).strip().lower())

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A person needs an email address.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
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

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
