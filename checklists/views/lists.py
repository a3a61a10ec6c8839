"""The plan lists: the 1:e socialsekreterare's hires, the unit's plans, plans by district, Del 2 themes."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from checklists import del2_themes, rows, selectors
from districts import selectors as district_selectors
from districts.access import Capability, require_capability
from districts.pagination import paginate

PAGE_SIZE = 25


def _list_page(
    request,
    *,
    plain,
    state: str,
    title: str,
    url_name: str,
    extra: dict | None = None,
    count: int | None = None,
    head: list[int] | None = None,
):
    """Render a page of the `plain` plans (unannotated): the page is chosen among them, sorted, and only its own
    rows get their items counted (every sort reads the plans' counters or the open items' index, not the items).

    `count`, when known already, is the number of `plain` plans (else they are counted); `head`, the ids of the first
    of them in the requested sort, when kept (selectors.kept_plan_order), and then only with `count`. When `head`
    holds every one of them (a search's), `plain` may be None: no page is read from it."""
    sort = request.GET.get("sort", "namn")
    # Without `plain`, every page is a slice of `head` (districts.pagination).
    ordered = head if plain is None else selectors.sorted_plans(plans=plain, sort=sort).values_list("pk", flat=True)
    # The page is picked as ids: a sort by progress or overdue then reads each plan's start, status and counters from
    # plan_start_counts_idx instead of hashing every plan row of the state (national seed, by progress: ~10 -> ~6 ms).
    page, _query = paginate(
        request,
        ordered,
        per_page=PAGE_SIZE,
        count=plain.count() if count is None else count,
        head=head if count is not None else None,
    )
    page.object_list = selectors.with_progress_in_order(ids=page.object_list)
    extra = extra or {}
    context = {
        "title": title,
        "page": page,
        "sort": request.GET.get("sort", "namn"),
        "state": state,
        "states": selectors.PLAN_STATES,
        "url_name": url_name,
        # The rows are built in Python (checklists.rows): a template loop over them was most of the render.
        "plan_rows": rows.plan_rows_html(plans=page.object_list),
        "summary_rows": rows.summary_rows_html(summaries=extra.get("summaries") or [], state=state),
        **extra,
    }
    return render(request, "checklists/plan_list.html", context)


def my_hires(request):
    """The 1:e socialsekreterare's hires with their progress (in progress by default)."""
    state = selectors.plan_state(value=request.GET.get("visa"))
    return _list_page(
        request,
        plain=selectors.my_hire_plans(user=request.user, state=state),
        state=state,
        title=_("Mina nyanställda"),
        url_name="my_hires",
    )


@require_capability(Capability.FOLLOW_DEL2_THEMES)
def del2_theme_overview(request):
    """The Del 2 themes of the enhetschef's or 1:e socialsekreterare's current hires, done or not, and where."""
    hires = selectors.hires_to_follow(user=request.user)
    themes = del2_themes.del2_themes_for(hires)
    plan_ids = selectors.plan_ids_of(staff_members=hires)
    rows = [{"staff": hire, "themes": themes[hire.pk], "plan_id": plan_ids.get(hire.pk)} for hire in hires]
    return render(request, "checklists/del2_themes.html", {"hires": rows})


@require_capability(Capability.MANAGE_PLANS)
def unit_overview(request):
    """The plans of the user's own unit (in progress by default), with hires that still lack a plan."""
    state = selectors.plan_state(value=request.GET.get("visa"))
    return _list_page(
        request,
        plain=selectors.unit_plans_plain(user=request.user, state=state),
        state=state,
        title=_("Enhetens introduktionsplaner"),
        url_name="unit_overview",
        extra={"without_plan": selectors.unit_hires_without_plan(user=request.user)},
    )


@require_capability(Capability.VIEW_REPORTS)
def overview(request):
    """Plans by district for coordinators, HR and managers above the unit (in progress by default)."""
    districts = district_selectors.filter_choices(user=request.user)["districts"]
    district_id = request.GET.get("stadsdel")
    district_id = int(district_id) if district_id and district_id.isdigit() else None
    search = " ".join(request.GET.get("sok", "").split())[: selectors.SEARCH_MAX_LENGTH]
    # A search by name looks in every plan unless the user chose which plans to show.
    state = selectors.plan_state(value=request.GET.get("visa") or ("alla" if search else None))
    summaries, plan_count = selectors.district_overview(user=request.user, state=state)
    unnarrowed = not district_id and not search
    sort = request.GET.get("sort", "namn")
    count = head = None
    if unnarrowed:
        # The list holds the plans the summaries sum: their count needs no second pass over them.
        count = plan_count
        head = selectors.kept_plan_order(user=request.user, state=state, sort=sort)
    elif search:
        # Every match's id at once, in order: the name is tested row by row, and counting then picking a page
        # tested every name twice.
        head = selectors.searched_plan_ids(
            user=request.user, district_id=district_id, state=state, search=search, sort=sort
        )
        count = len(head)
    # A search's ids are every plan of the list: its pages need no queryset of them, nor building one.
    plain = None
    if not search:
        plain = selectors.district_plans_plain(user=request.user, district_id=district_id, state=state)
    return _list_page(
        request,
        plain=plain,
        count=count,
        head=head,
        state=state,
        title=_("Introduktionsplaner per stadsdel"),
        url_name="overview",
        extra={"districts": districts, "district_id": district_id, "search": search, "summaries": summaries},
    )
