"""The competence pages: a person's level, credits and reviews, and the forms to add credits and a review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from competence import selectors, services
from competence.forms import CompetenceReviewForm, CreditEntryForm
from districts import access, clock
from districts import selectors as district_selectors
from districts.models import CompetenceLevel


def _add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def staff_competence(request, pk: int):
    """Show where the person stands on the ladder, their credits and every review of their level."""
    staff = district_selectors.staff_get(user=request.user, pk=pk)
    reviews = list(selectors.reviews_of(staff=staff))
    for review in reviews:
        review.difference = selectors.difference_text(proposed=review.proposed_level, decided=review.decided_level)
    standing = selectors.standing(staff=staff)
    return render(
        request,
        "competence/staff_competence.html",
        {
            "staff": staff,
            "standing": standing,
            "unexplained": selectors.difference_unexplained(standing=standing, latest=reviews[0] if reviews else None),
            "lines": selectors.credit_lines(staff=staff),
            "reviews": reviews,
            "can_review": selectors.can_review(user=request.user, staff=staff),
        },
    )


@access.require_capability(access.Capability.REVIEW_COMPETENCE)
def credit_register(request, pk: int):
    staff = selectors.reviewable_staff_get(user=request.user, pk=pk)
    form = CreditEntryForm(request.POST or None, initial={"earned_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.credit_entry_register(staff=staff, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Högskolepoängen är registrerade."))
            return redirect("competence:staff", pk=staff.pk)
    return render(request, "competence/credit_form.html", {"staff": staff, "form": form})


@access.require_capability(access.Capability.REVIEW_COMPETENCE)
def review_record(request, pk: int):
    staff = selectors.reviewable_staff_get(user=request.user, pk=pk)
    standing = selectors.standing(staff=staff)
    form = CompetenceReviewForm(
        request.POST or None,
        initial={"reviewed_on": clock.today(), "decided_level": standing.proposed_level or staff.competence_level},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.competence_review_record(staff=staff, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Kompetensprövningen är sparad: %(level)s.") % {"level": CompetenceLevel(review.decided_level).label},
            )
            return redirect("competence:staff", pk=staff.pk)
    return render(request, "competence/review_form.html", {"staff": staff, "form": form, "standing": standing})
