"""The regional report's page, for regional readers only (districts.access.require_regional_reader)."""

from django.shortcuts import render

from districts import access
from reports.exporting import FORMATS, export_response
from reports.forms import RegionalReportForm
from reports.regional import regional_report


@access.require_regional_reader
def regional(request):
    form = RegionalReportForm(request.GET or None)
    report = regional_report(user=request.user, filters=form.filters())
    output = request.GET.get("format")
    if output in FORMATS:
        return export_response(report, output)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "reports/regional.html",
        {"report": report, "form": form, "export_query": query.urlencode(), "formats": FORMATS},
    )
