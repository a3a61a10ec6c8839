"""Turn the measurements into the table `make bench` prints and the JSON it writes, and check the targets."""

import math

from intro_program.bench import pages as targets

COLUMNS = (
    f"{'page':<32} {'median':>7} {'p95':>7} {'queries':>8} {'x floor':>8} {'nat/city':>8} {'rows':>9} "
    f"{'x rows':>7} {'x admin':>8}  result"
)


def _ratio(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else float("nan")


def page_rows(measured: dict, floor_ms: float) -> list[dict]:
    """Return one row a page: national median and p95, queries at both sizes, the ratios and what it missed."""
    rows = []
    by_label = {page.label: page for page in targets.KEY_PAGES}
    for label, page in by_label.items():
        national = measured.get((label, "national"))
        if national is None:
            continue
        city = measured.get((label, "city"))
        admin = measured.get((label, "admin national"))
        shown_floor = measured.get((label, "shown floor"))
        row = {
            "page": label,
            "median_ms": national.timings.median,
            "p95_ms": national.timings.p95,
            "city_median_ms": city.timings.median if city else None,
            "queries": national.queries,
            "city_queries": city.queries if city else None,
            "x_floor": _ratio(national.timings.median, floor_ms),
            "national_city": _ratio(national.timings.median, city.timings.median) if city else None,
            "x_admin": _ratio(national.timings.median, admin.timings.median) if admin else None,
            "admin_median_ms": admin.timings.median if admin else None,
            # Shown, not judged: a page with more table rows on the national seed shows more, not only holds more.
            "shown_rows": national.shown_rows,
            "city_shown_rows": city.shown_rows if city else None,
            "x_shown_floor": _ratio(national.timings.median, shown_floor.timings.median) if shown_floor else None,
            "statuses": sorted(national.timings.statuses | (city.timings.statuses if city else set())),
        }
        missed = []
        row["too_slow"] = national.too_slow or bool(city and city.too_slow)
        if row["too_slow"]:
            missed.append("slower than 30 s (not timed)")
        elif row["statuses"] != [200]:
            missed.append(f"HTTP {row['statuses']}")
        if page.export_of:
            of = measured.get((page.export_of, "national"))
            row["x_page"] = _ratio(national.timings.median, of.timings.median) if of else None
            if row["x_page"] is not None and row["x_page"] > targets.MAX_EXPORT_PAGE_RATIO:
                missed.append(f"> {targets.MAX_EXPORT_PAGE_RATIO:g} x its page")
        elif row["x_floor"] > targets.MAX_FLOOR_RATIO:
            missed.append(f"> {targets.MAX_FLOOR_RATIO:g} x floor")
        if row["national_city"] is not None and row["national_city"] > targets.MAX_SCALE_RATIO:
            missed.append(f"> {targets.MAX_SCALE_RATIO:g} x city")
        if row["x_admin"] is not None and row["x_admin"] > targets.MAX_ADMIN_RATIO:
            missed.append("slower than admin")
        if row["queries"] is not None and row["queries"] > targets.MAX_QUERIES:
            missed.append(f"> {targets.MAX_QUERIES} queries")
        if row["city_queries"] is not None and row["queries"] is not None and row["queries"] > row["city_queries"]:
            missed.append("more queries than on the city seed")
        row["missed"] = missed
        rows.append(row)
    return rows


def _cell(value, spec: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return format(value, spec)


def table(rows: list[dict], floor_ms: float) -> list[str]:
    lines = [COLUMNS, "-" * len(COLUMNS)]
    lines.append(f"{'floor (base.html)':<32} {floor_ms:>7.1f}")
    for row in rows:
        x_floor = row.get("x_page") if "x_page" in row else row["x_floor"]
        floor_cell = _cell(x_floor, ".1f") + ("p" if "x_page" in row else "")
        queries = _cell(row["queries"], "d") + (
            "" if row["city_queries"] in (None, row["queries"]) else f"/{row['city_queries']}"
        )
        lines.append(
            f"{row['page']:<32} {row['median_ms']:>7.1f} {row['p95_ms']:>7.1f} {queries:>8} {floor_cell:>8} "
            f"{_cell(row['national_city'], '.2f'):>8} {_rows_cell(row):>9} "
            f"{_cell(row.get('x_shown_floor'), '.1f'):>7} {_cell(row['x_admin'], '.2f'):>8}  "
            + ("ok" if not row["missed"] else "MISSED: " + ", ".join(row["missed"]))
        )
    return lines


def _rows_cell(row: dict) -> str:
    """The table rows shown on the national seed, and on the city's when they differ: "966/157"."""
    national, city = row.get("shown_rows"), row.get("city_shown_rows")
    if not national:
        return "—"
    return f"{national}" if city in (None, national) else f"{national}/{city}"


def pdf_limit_ms(pdf: dict) -> float:
    """6 x a trivial document; 1.5 x WeasyPrint on the same plain text when that floor is the higher one."""
    trivial_limit = pdf["trivial_ms"] * targets.MAX_PDF_RATIO
    if pdf["same_text_ms"] > trivial_limit:
        return pdf["same_text_ms"] * targets.MAX_PDF_TEXT_RATIO
    return trivial_limit


def other_misses(result: dict) -> list[str]:
    """Return the targets other than the pages' that a run missed."""
    missed = []
    pdf = result.get("pdf")
    if pdf and pdf["plan_ms"] > pdf_limit_ms(pdf):
        missed.append("plan PDF")
    export = result.get("export")
    if export:
        if export["status"] != "done" or export["seconds_per_plan"] > targets.MAX_EXPORT_SECONDS_PER_PLAN:
            missed.append("bulk export time")
        if any(peak > targets.MAX_WORKER_MIB for peak in export["worker_peak_mib"]):
            missed.append("export worker memory")
    load = result.get("load")
    if load and (load["errors"] or load["p95_ms"] > targets.MAX_LOAD_P95_MS):
        missed.append("load run")
    seed = result.get("seed_seconds")
    if seed is not None and seed > targets.MAX_SEED_SECONDS:
        missed.append("seed time")
    return missed
