import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from loops.forms.settings import ReportFilterForm
from loops.models import Role, VoteShift
from loops.reports import figures


def _filter_form(request, roles, function_help: str) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, roles=roles, function_help=function_help)


def _calibration(request):
    """The calibration rows the person may see, with the form that narrowed them."""
    visible = VoteShift.objects.visible_to(request.user)
    roles = Role.objects.filter(pk__in=visible.values("role")).order_by("title")
    form = _filter_form(request, roles, "The interviewers' function.")
    filters = form.filters()
    return form, filters, figures.calibration_shifts(request.user, filters)


@require_GET
def calibration(request):
    form, filters, shifts = _calibration(request)
    rows = figures.calibration_rows(shifts)
    page = Paginator(rows, figures.PAGE_SIZE).get_page(request.GET.get("page"))
    organisation = figures.organisation_votes(filters)
    context = {
        "form": form,
        "page": page,
        "rows": page.object_list,
        "organisation": organisation,
        "query": _query_without_page(request),
        "nav": "reports",
        **figures.calibration_charts(page.object_list, organisation),
    }
    return render(request, "loops/calibration.html", context)


@require_GET
def calibration_csv(request):
    _, _, shifts = _calibration(request)
    rows = figures.calibration_rows(shifts)
    return _csv("calibration", figures.CALIBRATION_CSV, figures.calibration_csv_rows(rows))


def _role_report(request):
    roles = Role.objects.visible_to(request.user).order_by("title")
    form = _filter_form(request, roles, "The function of the roles' hiring managers.")
    filters = form.filters()
    return (
        form,
        figures.report_debriefs(request.user, filters),
        figures.report_gaps(request.user, filters),
    )


@require_GET
def role_report(request):
    form, debriefs, gaps = _role_report(request)
    rows = figures.role_rows(debriefs)
    top_gaps = list(gaps.most_often()[:10])
    context = {
        "form": form,
        "rows": rows,
        "totals": debriefs.across_roles(),
        "against": list(figures.against_guidance(debriefs)[:50]),
        "gaps": top_gaps,
        "query": _query_without_page(request),
        "nav": "reports",
        **figures.role_charts(rows, top_gaps),
    }
    return render(request, "loops/role_report.html", context)


@require_GET
def role_report_csv(request, table):
    _, debriefs, gaps = _role_report(request)
    if table == "roles":
        header = [
            "Role",
            "Decided loops",
            "Hire",
            "No hire",
            "More signal needed",
            "Against the guidance",
            "Average hours from last interview to decision",
            "Slowest (hours)",
        ]
        rows = (
            [
                row.title,
                row.decided,
                row.hires,
                row.no_hires,
                row.more_signal,
                row.against,
                _hours(row.avg_hours),
                _hours(row.max_hours),
            ]
            for row in figures.role_rows(debriefs)
        )
    elif table == "against":
        header = ["Decided", "Role", "Candidate", "Decision", "Why against the guidance"]
        rows = (
            [
                debrief.decided_at.date().isoformat(),
                debrief.loop.role.title,
                debrief.loop.candidate.name,
                debrief.get_decision_display(),
                debrief.against_guidance_reason,
            ]
            for debrief in figures.against_guidance(debriefs).iterator()
        )
    elif table == "gaps":
        header = ["Role", "Focus competency", "Decided loops lacking signal"]
        rows = ([gap["role_title"], gap["competency"], gap["loops"]] for gap in gaps.most_often())
    else:
        raise Http404("No such table.")
    return _csv(f"roles-{table}", header, rows)


def _hours(hours: float | None) -> str:
    return "" if hours is None else f"{hours:.1f}"


def _csv(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return response


def _safe_cell(cell):
    """Text that a spreadsheet would run as a formula starts with a quote instead."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
