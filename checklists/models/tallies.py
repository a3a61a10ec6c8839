"""The plans summed per district and start month, so that the overview's districts cost what it shows."""

from django.db import models

from districts.models import District, Organisation

from .plans import PlanStatus


class PlanTally(models.Model):
    """The plans of one organisation's district (or of no unit), start month and status, with their item counters.

    Kept by the services that create, close, reopen or tick plans, and by the hook that moves staff or units between
    districts, in the same transaction (services.tallies); `plan_tally_recount` rebuilds it and a test compares.
    The overview sums these rows and counts only the start month at its in-progress cut-off from the plans."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, related_name="+")
    start_month = models.DateField()  # the first day of the plans' start month
    status = models.CharField(max_length=12, choices=PlanStatus.choices)
    plan_count = models.IntegerField(default=0)
    items_in_profile = models.IntegerField(default=0)
    items_done = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # A plan without a unit has no district: one row for those too (NULLS NOT DISTINCT), the upsert's key.
            models.UniqueConstraint(
                fields=["organisation", "district", "start_month", "status"],
                name="plan_tally_key",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id}/{self.district_id}/{self.start_month:%Y-%m}/{self.status}: {self.plan_count}"


class PlanOverviewCounts(models.Model):
    """The plans overview's district rows of one organisation as last counted, per state (one row an organisation).

    `version` goes up with every write to the organisation's tally (services.tallies, in the writing transaction:
    every plan created, closed or reopened, every item added, ticked or moved in or out of the profile, every move of
    staff or units between districts); `kept` holds, per state, the rows counted on a day at a version and at the
    organisation's districts.OrganisationCounts version (district names). `orders` holds, per state and sort, the
    ids of the first plans of the list in that order (checklists.overview_counts.KEPT_ORDER_LENGTH), kept the same
    way: the order depends on the plans, their items, today and the staff's names, which the same versions cover.
    Read and refilled by checklists.overview_counts; never edited by hand."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveBigIntegerField(default=0)
    kept = models.JSONField(default=dict)
    orders = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.organisation_id}: {self.version}"
