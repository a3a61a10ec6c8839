import dataclasses
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors as course_selectors
from districts import access, clock
from districts.access import Capability, require_capability
from districts.form_errors import apply_errors
from districts.selectors import NEW_HIRE_YEARS, new_hire_cutoff
from reports import capacity, needs, selectors, services
from reports.competence_levels import competence_levels_report
from reports.enrolment import enrolment_report
from reports.equality import equality_report
from reports.exporting import FORMATS, export_response
from reports.filters import ReportFilters
from reports.follow_up_results import follow_up_report
from reports.forms import (
    CapacityForm,
    NeedsForm,
    NeedsPeriodForm,
    ReportFilterForm,
    StandingFilterForm,
    TeachingYearForm,
)
from reports.participation import participation_report
from reports.supervisor_training import supervisor_training_report
from reports.survey_list import survey_courses, survey_links_html
from reports.survey_results import (
    counted_surveys_for,
    results_report,
    survey_overview_report,
    survey_result_report,
    surveys_counted,
)
from reports.tables import Report
from reports.teaching import teaching_report


def _page(request, report: Report, *, form=None, template="reports/report.html", **extra):
    """Answer with the report as a page, or as a download when `?format=` asks for one."""
    output = request.GET.get("format")
    if output in FORMATS:
        return export_response(report, output)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        template,
        {"report": report, "form": form, "export_query": query.urlencode(), "formats": FORMATS, **extra},
    )


def _filtered(request, *, with_course=True) -> tuple[ReportFilterForm, ReportFilters]:
    form = ReportFilterForm(request.GET or None, user=request.user, with_course=with_course)
    return form, form.filters()


@require_capability(Capability.VIEW_REPORTS)
def index(request):
    return render(request, "reports/index.html")


@require_capability(Capability.VIEW_REPORTS)
def enrolment(request):
    form, filters = _filtered(request)
    return _page(request, enrolment_report(user=request.user, filters=filters), form=form)


@require_capability(Capability.VIEW_REPORTS)
def surveys(request):
    form, filters = _filtered(request)
    report, survey_list = survey_overview_report(user=request.user, filters=filters)
    return _page(
        request,
        report,
        form=form,
        template="reports/surveys.html",
        survey_courses=survey_courses(surveys=survey_list),
        survey_links=survey_links_html(surveys=survey_list),
    )


@require_capability(Capability.VIEW_REPORTS)
def survey_result(request, pk: int):
    every_period = ReportFilters(start=datetime.date(1900, 1, 1), end=datetime.date(2999, 12, 31))
    survey = get_object_or_404(
        counted_surveys_for(user=request.user, filters=every_period).select_related("template", "course_round__course"),
        pk=pk,
    )
    report = survey_result_report(
        user=request.user, survey=survey, suppress=selectors.suppressor_for(user=request.user)
    )
    return _page(request, report, template="reports/survey_result.html", survey=survey)


@require_capability(Capability.VIEW_REPORTS)
def survey_course_result(request, course_pk: int):
    """Show the answers of all of a course's surveys in the period together."""
    course = course_selectors.visible_course_get(user=request.user, pk=course_pk)
    form, filters = _filtered(request, with_course=False)
    filters = dataclasses.replace(filters, course_id=course.pk)
    survey_list = surveys_counted(user=request.user, filters=filters)
    report = results_report(
        surveys=survey_list,
        title=_("Enkätresultat: %(course)s") % {"course": course.name},
        suppress=selectors.suppressor_for(user=request.user, filters=filters),
        slug=f"enkat-{course.name}",
        district_reader=not selectors.reads_whole_organisation(user=request.user),
    )
    report.filters_text = filters.describe
    return _page(request, report, form=form, template="reports/survey_result.html", surveys=survey_list, course=course)


@require_capability(Capability.VIEW_REPORTS)
def survey_follow_up(request):
    """Show the answers of the period's follow-ups and introduction evaluations, as the survey report's own part."""
    form, filters = _filtered(request)
    return _page(request, follow_up_report(user=request.user, filters=filters), form=form)


@require_capability(Capability.VIEW_REPORTS)
def equality(request):
    # Without a period, the new hires the dashboard counts: those of the last two years.
    form = ReportFilterForm(request.GET or None, user=request.user, with_course=False)
    filters = form.filters(default_start=new_hire_cutoff())
    return _page(request, equality_report(user=request.user, filters=filters), form=form)


@require_capability(Capability.VIEW_REPORTS)
def participation(request):
    form, filters = _filtered(request)
    return _page(request, participation_report(user=request.user, filters=filters), form=form)


@require_capability(Capability.VIEW_REPORTS)
def supervisor_training(request):
    return _page(request, supervisor_training_report(user=request.user))


@require_capability(Capability.VIEW_REPORTS)
def competence_levels(request):
    form = StandingFilterForm(request.GET or None, user=request.user)
    return _page(request, competence_levels_report(user=request.user, filters=form.filters()), form=form)


@require_capability(Capability.VIEW_REPORTS)
def capacity_plan(request):
    today = clock.today()
    new_hires = selectors.new_hires_count(user=request.user, today=today)
    recorded = capacity.hires_per_year(new_hires, NEW_HIRE_YEARS)
    form = CapacityForm(request.GET or None, initial={"hires_per_year": recorded})
    return render(
        request,
        "reports/capacity.html",
        {
            "form": form,
            "plan": capacity.plan(form.capacity_input()),
            "recorded": recorded,
            "new_hires": new_hires,
            "city_plan": capacity.plan(capacity.CapacityInput(hires_per_year=280)),
        },
    )


# --- training needs inventory --------------------------------------------------------------------


@require_capability(Capability.VIEW_REPORTS)
def needs_periods(request):
    periods = needs.visible_periods(user=request.user)
    unit = needs.own_unit(user=request.user)
    answered = needs.answered_period_ids(unit=unit)
    return render(
        request,
        "reports/needs_periods.html",
        {"periods": periods, "unit": unit, "answered": answered, "today": clock.today()},
    )


@require_capability(Capability.MANAGE_PROGRAMME)
def needs_period_create(request):
    form = NeedsPeriodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation_id = access.scope_for(request.user).organisation_id
        if organisation_id is None:
            raise Http404
        try:
            services.needs_period_open(organisation_id=organisation_id, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Perioden är öppnad. Enhetscheferna ser den på sin översikt."))
            return redirect("reports:needs_periods")
    return render(request, "reports/needs_period_form.html", {"form": form})


@require_POST
@require_capability(Capability.MANAGE_PROGRAMME)
def needs_period_close(request, pk: int):
    period = get_object_or_404(needs.visible_periods(user=request.user), pk=pk)
    services.needs_period_close(period=period)
    messages.success(request, _("Perioden är stängd."))
    return redirect("reports:needs_periods")


@require_capability(Capability.VIEW_REPORTS)
def needs_summary(request, pk: int):
    period = get_object_or_404(needs.visible_periods(user=request.user), pk=pk)
    return _page(request, needs.needs_summary_report(user=request.user, period=period), period=period)


@require_capability(Capability.REPORT_TRAINING_NEEDS)
def needs_answer(request, pk: int):
    period = get_object_or_404(needs.visible_periods(user=request.user), pk=pk)
    unit = needs.own_unit(user=request.user)
    if unit is None:
        raise Http404
    existing = needs.report_of(period, unit)
    initial_items = {item.area: (item.priority, item.comment) for item in existing.items.all()} if existing else {}
    form = NeedsForm(
        request.POST if request.method == "POST" else None,
        initial_items=initial_items,
        initial={"comment": existing.comment if existing else ""},
    )
    is_open = period.is_open_on(clock.today())
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_report_submit(
                period=period,
                unit=unit,
                submitted_by=needs.submitter_in(user=request.user, unit=unit),
                items=form.items(),
                comment=form.cleaned_data["comment"].strip(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tack! Enhetens utbildningsbehov är sparade."))
            return redirect("dashboard")
    return render(
        request,
        "reports/needs_form.html",
        {"form": form, "period": period, "unit": unit, "existing": existing, "is_open": is_open},
    )


@require_capability(Capability.VIEW_REPORTS)
def teaching(request):
    """Days taught per lecturer and the utbildarstöd's days against their share, for one year."""
    today = clock.today()
    form = TeachingYearForm(request.GET or None)
    report = teaching_report(user=request.user, year=form.year(today.year), today=today)
    return _page(request, report, form=form)
