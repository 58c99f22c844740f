from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

CACHE_KEY = "org-settings"


class OrgSettings(models.Model):
    """Organisation-wide settings, one row, editable by staff in the app.

    Read with ``OrgSettings.load()``; the row is made with the defaults on first use.
    """

    load_threshold = models.PositiveSmallIntegerField(
        "interviewer load threshold",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Slots in the last 30 days above which an interviewer counts as heavily loaded.",
    )
    initial_vote_due_minutes = models.PositiveIntegerField(
        "initial vote due after (minutes)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
        help_text="How long after an interview ends its initial vote is due.",
    )
    full_note_due_hours = models.PositiveIntegerField(
        "full note due after (hours)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text="How long after an interview ends its full note is due.",
    )
    reminder_before_debrief_minutes = models.PositiveIntegerField(
        "remind interviewers before the debrief (minutes)",
        default=120,
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
    )
    manager_digest_before_debrief_minutes = models.PositiveIntegerField(
        "tell the hiring manager of missing notes before the debrief (minutes)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
    )
    thin_note_ratio = models.PositiveSmallIntegerField(
        "thin note (% of the loop's median length)",
        default=40,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
        help_text="A note shorter than this share of the loop's median note counts as thin.",
    )
    story_similarity = models.PositiveSmallIntegerField(
        "same story similarity (%)",
        default=70,
        validators=[MinValueValidator(10), MaxValueValidator(100)],
        help_text="How alike two stories must be to count as the same story.",
    )
    debrief_minutes = models.PositiveSmallIntegerField(
        "debrief length (minutes)",
        default=45,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "organisation settings"
        verbose_name_plural = "organisation settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="org_settings_single_row")
        ]

    def __str__(self):
        return "Organisation settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def load(cls) -> "OrgSettings":
        """The settings, from the cache when they are there (they change rarely)."""
        settings = cache.get(CACHE_KEY)
        if settings is None:
            settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(CACHE_KEY, settings, timeout=300)
        return settings
