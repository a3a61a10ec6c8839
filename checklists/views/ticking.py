"""Ticking an item (htmx), answered with its re-rendered row."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklists import permissions, rows, selectors, services
from checklists.forms import TickForm
from districts import clock
from districts.form_errors import error_text


@require_POST
def item_tick(request, item_id: int):
    """Tick or untick one item (htmx); answers with the re-rendered row."""
    item = get_object_or_404(selectors.visible_items(user=request.user), pk=item_id)
    form = TickForm(request.POST)
    if not request.htmx and not permissions.can_tick_item(request.user, item, item.plan):
        raise PermissionDenied
    if not form.is_valid():
        return _item_row(request, item.pk, error=_("Ogiltig begäran; ladda om sidan."), status=400)
    error, status = None, 200
    try:
        services.plan_item_tick(
            item_id=item.pk,
            actor=request.user,
            done=form.cleaned_data["done"],
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied:
        return _item_row(request, item.pk, error=_("Du får inte bocka av den här punkten."), status=403)
    except services.StaleItemError as stale:
        error, status = error_text(stale), 409
    except ValidationError as invalid:
        error, status = error_text(invalid), 400
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(reverse("checklists:plan_detail", args=[item.plan_id]) + f"#punkt-{item.pk}")
    return _item_row(request, item.pk, error=error, status=status)


def _item_row(request, item_id: int, *, error: str | None = None, status: int = 200):
    item = selectors.item_for_row(item_id=item_id)
    plan = item.plan
    response = HttpResponse(
        rows.item_row_html(
            item=item,
            tickable=item.pk in permissions.tickable_item_ids(request.user, plan, [item]),
            today=_today(),
            plan_closed=plan.is_closed,
            csrf_token=get_token(request),
            row_error=error,
        )
    )
    if not request.htmx:
        response.status_code = status
    return response


def _today():
    return clock.today()
