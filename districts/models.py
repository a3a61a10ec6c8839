import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import trans_real

from districts.audit import AuditedHistory


class Area(models.TextChoices):
    """The four authority networks a unit belongs to."""

    BARN_OCH_UNGA = "barn_och_unga", _("Barn och unga")
    FORSORJNINGSSTOD = "forsorjningsstod", _("Försörjningsstöd")
    VUXNA = "vuxna", _("Vuxna")
    FUNKTIONSHINDER = "funktionshinder", _("Funktionshinder")


class Role(models.TextChoices):
    SOCIALSEKRETERARE = "socialsekreterare", _("Socialsekreterare")
    FORSTE_SOCIALSEKRETERARE = "forste_socialsekreterare", _("1:e socialsekreterare")
    ENHETSCHEF = "enhetschef", _("Enhetschef")
    UTBILDNINGSSAMORDNARE = "utbildningssamordnare", _("Utbildningssamordnare")
    UTBILDARSTOD = "utbildarstod", _("Utbildarstöd")
    HR = "hr", _("HR")
    OMRADESCHEF = "omradeschef", _("Områdeschef")


class EmploymentType(models.TextChoices):
    TILLSVIDARE = "tillsvidare", _("Tillsvidare")
    TIDSBEGRANSAD = "tidsbegransad", _("Tidsbegränsad")


class CompetenceLevel(models.TextChoices):
    NYBORJARE = "nyborjare", _("Nybörjare")
    KUNNIG = "kunnig", _("Kunnig")
    AVANCERAD = "avancerad", _("Avancerad")
    SPECIALIST = "specialist", _("Specialist")
    EXPERT = "expert", _("Expert")


class IntroductionProfile(models.TextChoices):
    NEWLY_GRADUATED = "nyexaminerad", _("Nyexaminerad utan erfarenhet")
    NEW_TO_AUTHORITY = "ny_myndighetsutovning", _("Ny inom myndighetsutövning")
    NEW_TO_TARGET_GROUP = "ny_malgrupp", _("Ny inom målgruppen")
    NEW_TO_MUNICIPALITY = "ny_kommun", _("Endast ny i kommunen")


class Gender(models.TextChoices):
    """Used only for aggregate statistics."""

    KVINNA = "kvinna", _("Kvinna")
    MAN = "man", _("Man")
    ANNAT = "annat", _("Annat")
    EJ_ANGIVET = "ej_angivet", _("Ej angivet")


class CountedQuerySet(models.QuerySet):
    """The queryset of the rows the dashboard's kept organisation counts are counted from (districts.org_counts).

    A save or delete bumps the organisation's data version through signals; writes in bulk and `update()` send
    none, so they bump it here, in the same transaction, whoever calls them: a write can never leave the kept
    counts stale until the next day. For the same reason they tell of people or units moved between districts
    (districts.moves).
    """

    def update(self, **kwargs):
        from districts import moves, org_counts  # they import the models

        with transaction.atomic(using=self.db):
            tell_moves = moves.after_update(self, kwargs)
            org_counts.bump_rows_matching(self, changed=kwargs)
            updated = super().update(**kwargs)
            tell_moves()
            return updated

    def bulk_create(self, objs, *args, **kwargs):
        from districts import org_counts

        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            org_counts.bump_rows_written(self.model, objs)
            return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        from districts import moves, org_counts

        objs = list(objs)
        with transaction.atomic(using=self.db):
            tell_moves = moves.after_bulk_update(self.model, objs, fields)
            updated = super().bulk_update(objs, fields, *args, **kwargs)
            org_counts.bump_rows_written(self.model, objs)
            tell_moves()
            return updated


class Organisation(models.Model):
    """A municipality (or a region's member) running its own introduction programme."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    small_group_threshold = models.PositiveSmallIntegerField(
        _("gräns för små grupper"),
        default=5,
        help_text=_("Celler i rapporter med färre personer än så visas som '< N'. 0 stänger av."),
    )
    anonymise_after_months = models.PositiveSmallIntegerField(
        _("anonymisera efter antal månader"),
        default=24,
        help_text=_(
            "Personuppgifter om den som har slutat anonymiseras så många månader efter sista anställningsdagen."
        ),
    )
    # The regional association the municipality belongs to, if any; its regional readers read its reports.
    region = models.ForeignKey(
        "Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    history = AuditedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymise_after_months__gte=1, anonymise_after_months__lte=120),
                name="organisation_anonymise_after_1_to_120_months",
            ),
        ]

    def __str__(self):
        return self.name


class District(models.Model):
    """A stadsdel."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="districts", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)
    objects = CountedQuerySet.as_manager()
    history = AuditedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("stadsdel")
        verbose_name_plural = _("stadsdelar")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="district_unique_name_per_organisation"),
        ]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An enhet inside a district, in one of the four areas."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="units", verbose_name=_("stadsdel"))
    name = models.CharField(_("namn"), max_length=200)
    area = models.CharField(_("område"), max_length=32, choices=Area.choices)
    objects = CountedQuerySet.as_manager()
    history = AuditedHistory()

    class Meta:
        ordering = ["district__name", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="unit_unique_name_per_district"),
        ]

    def __str__(self):
        return self.name

    @property
    def with_district(self) -> str:
        """The unit's name with its district, unless the name says it already ("Barn och unga Angered")."""
        district = self.district.name
        return self.name if district.casefold() in self.name.casefold() else f"{self.name}, {district}"


class StaffMember(models.Model):
    """A person employed in the organisation, linked to a login when they have one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="staff", null=True, blank=True, verbose_name=_("enhet")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="staff_member",
        null=True,
        blank=True,
        verbose_name=_("inloggning"),
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    work_email = models.EmailField(_("e-post (arbete)"), unique=True)
    employment_start = models.DateField(_("anställningens början"), null=True, blank=True)
    employment_end = models.DateField(_("anställningens slut"), null=True, blank=True)
    # Years in the profession, which the competence ladder counts, run from here (not from this employment).
    profession_start = models.DateField(
        _("i yrket sedan"),
        null=True,
        blank=True,
        help_text=_("Dagen personen började arbeta som socialsekreterare; tom: anställningens början."),
    )
    employment_type = models.CharField(
        _("anställningsform"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.TILLSVIDARE
    )
    competence_level = models.CharField(
        _("kompetensnivå"), max_length=20, choices=CompetenceLevel.choices, default=CompetenceLevel.NYBORJARE
    )
    introduction_profile = models.CharField(
        _("introduktionsprofil"), max_length=32, choices=IntroductionProfile.choices, blank=True
    )
    gender = models.CharField(_("kön"), max_length=20, choices=Gender.choices, default=Gender.EJ_ANGIVET)
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised",
        verbose_name=_("1:e socialsekreterare"),
    )
    mentor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="mentees", verbose_name=_("fadder")
    )
    language = models.CharField(
        _("språk"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("Språket i e-post till personen; följer personens språkval i appen."),
    )
    anonymised_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    objects = CountedQuerySet.as_manager()
    history = AuditedHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("medarbetare")
        verbose_name_plural = _("medarbetare")
        indexes = [
            # The staff list's order (name, then id for ties) within an organisation: pages need no sort, and with
            # the end of employment (the list's default filter) a page's ids are picked from the index alone.
            models.Index(
                fields=["organisation", "last_name", "first_name", "id"],
                include=["employment_end"],
                name="staff_org_name_id_idx",
            ),
            # The dashboard's counts of an organisation, read from the index alone: its current staff, and its
            # new hires with or without a supervisor and a mentor (districts.dashboard.facts); the second also
            # serves every read of an organisation's staff by start of employment.
            models.Index(fields=["organisation", "employment_end"], name="staff_org_end_idx"),
            models.Index(
                fields=["organisation", "employment_start"],
                include=["id", "employment_end", "supervisor", "mentor"],
                name="staff_org_start_counts_idx",
            ),
            # Whose a row is (unit, organisation), read from the index alone by a report that checks the staff of
            # each of a few hundred invitations or nominations: PostgreSQL then walks them instead of hashing every
            # staff member of the database (a year's survey invitations: ~70 ms to ~10 ms on the national seed).
            models.Index(fields=["id"], include=["unit", "organisation"], name="staff_unit_organisation_idx"),
            # An organisation's staff with their unit from the index alone: what joins plans or other rows to
            # districts for a whole organisation (checklists.selectors.district_overview) reads.
            models.Index(fields=["organisation", "unit", "id"], name="staff_org_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(employment_end__isnull=True)
                | Q(employment_start__isnull=True)
                | Q(employment_end__gte=F("employment_start")),
                name="staff_employment_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(supervisor=F("id")), name="staff_not_own_supervisor"),
            models.CheckConstraint(condition=~Q(mentor=F("id")), name="staff_not_own_mentor"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def competence_label(self) -> str:
        """Return the competence level's name, as get_competence_level_display (see choice_label)."""
        return choice_label(CompetenceLevel, self.competence_level)


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """Return the name of `value` among `choices`, as get_FOO_display does, or the value itself when it is none of them.

    Django's get_FOO_display rebuilds and hashes the whole list of (lazily translated) choices on every call, which
    on a list of 50 people with their roles was a sixth of the page, and a tenth of a plan's page with its items'
    roles and its meetings' kinds. The names are looked up once per choices and language (a plan's page names ~100)."""
    return _choice_labels(choices, trans_real.catalog()).get(value, value)


@functools.lru_cache(maxsize=256)
def _choice_labels(choices: type[models.TextChoices], catalogue) -> dict[str, str]:
    """Return each value's name through the active catalogue (keyed on it: a catalogue loaded again is a new one)."""
    return {member.value: str(member.label) for member in choices}


class StaffRole(models.Model):
    """One role a staff member holds; a person may hold several."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="roles", verbose_name=_("medarbetare")
    )
    role = models.CharField(_("roll"), max_length=32, choices=Role.choices)
    objects = CountedQuerySet.as_manager()
    history = AuditedHistory()

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["staff", "role"], name="staff_role_unique"),
        ]

    def __str__(self):
        return self.get_role_display()

    @property
    def label(self) -> str:
        """Return the role's name, as get_role_display, without rebuilding the choices (lists show many)."""
        return choice_label(Role, self.role)


class ImportRecord(models.Model):
    """One staff import as a single recorded change: the file, who imported it, when, and what it changed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="imports", verbose_name=_("organisation")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )
    filename = models.CharField(_("fil"), max_length=255)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    imported_at = models.DateTimeField(_("importerad"))
    created = models.PositiveIntegerField(_("nya"))
    updated = models.PositiveIntegerField(_("uppdaterade"))
    unchanged = models.PositiveIntegerField(_("oförändrade"))

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("personalimport")
        verbose_name_plural = _("personalimporter")

    def __str__(self):
        return f"{self.filename} ({self.imported_at:%Y-%m-%d %H:%M})"

    @property
    def reason(self) -> str:
        """Name the import on the history rows it wrote."""
        return f"Import {self.pk}: {self.filename}"


class Region(models.Model):
    """A regional association of municipalities (e.g. 13 around a city) that compares their programmes."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self):
        return self.name


class RegionalReader(models.Model):
    """A login that reads the reports of its region's organisations, one row per municipality, and no person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="regional_reader",
        verbose_name=_("inloggning"),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="readers", verbose_name=_("region"))
    history = AuditedHistory()

    class Meta:
        verbose_name = _("regional läsare")
        verbose_name_plural = _("regionala läsare")

    def __str__(self):
        return f"{self.user} ({self.region})"

    def clean(self):
        # Reading a region means reading no person: a login that is someone's staff record reads its own organisation.
        if self.user_id and StaffMember.objects.filter(user_id=self.user_id).exists():
            raise ValidationError({"user": _("Inloggningen hör till en medarbetare; en regional läsare har ingen.")})


class SupervisorException(models.Model):
    """A coordinator's recorded exception: a supervisor below Specialist named for one hire, who allowed it and why."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="supervisor_exceptions", verbose_name=_("medarbetare")
    )
    supervisor = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("1:e socialsekreterare")
    )
    supervisor_level = models.CharField(_("kompetensnivå då"), max_length=20, choices=CompetenceLevel.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutat av"),
    )
    granted_at = models.DateTimeField(_("beslutat"))
    reason = models.TextField(_("skäl"))
    history = AuditedHistory()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("undantag för 1:e socialsekreterare")
        verbose_name_plural = _("undantag för 1:e socialsekreterare")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="supervisor_exception_has_reason"),
        ]

    def __str__(self):
        return f"{self.supervisor} → {self.staff} ({self.granted_at:%Y-%m-%d})"


class OrganisationCounts(models.Model):
    """The dashboard's "Organisationen i siffror" of a municipality as last counted (one row an organisation).

    `version` goes up with every write to the organisation's staff, roles, districts or units (districts.org_counts,
    in the writing transaction); `counts` are valid while `counted_version` equals it and `counted_on` is today (the
    new-hire window moves with the date). Read and refilled by districts.org_counts; never edited by hand.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("organisation")
    )
    version = models.PositiveBigIntegerField(default=0)
    counted_version = models.PositiveBigIntegerField(null=True)
    counted_on = models.DateField(null=True)
    counts = models.JSONField(null=True)

    class Meta:
        verbose_name = _("organisationens antal")
        verbose_name_plural = _("organisationens antal")

    def __str__(self):
        return str(self.organisation_id)
