from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from evaluations import open_data, report, selectors
from evaluations.models import RoundState
from luvn.page_cache import cache_public_page


@cache_public_page
def round_detail(request, key):
    round_ = get_object_or_404(selectors.round_list().filter(state=RoundState.PUBLISHED), key=key)
    strategies = round_.strategies.all()
    totals = selectors.strategy_totals(round=round_, strategies=strategies)
    rows = [(strategy, totals[strategy.pk]) for strategy in strategies]
    context = {
        "round": round_,
        "rows": rows,
        "surveys": round_.surveys.all(),
        "open_data_files": open_data.file_links(round=round_),
    }
    return render(request, "evaluations/round_detail.html", context)


def open_data_index(request):
    """The open data files of every published round."""
    rounds = [(r, open_data.file_links(round=r)) for r in selectors.round_list()]
    return render(request, "evaluations/open_data.html", {"rounds": rounds})


def open_data_file(request, key, dataset, export_format):
    round_ = get_object_or_404(selectors.round_list(), key=key)
    if dataset not in open_data.DATASETS or export_format not in open_data.FORMATS:
        raise Http404
    spec = open_data.DATASETS[dataset]
    content = open_data.render(spec, export_format, round=round_, request=request)
    response = HttpResponse(content, content_type=open_data.FORMATS[export_format])
    filename = f"{round_.key}-{spec.slug}.{export_format}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def round_report(request, key):
    """The round's evaluation summary as a PDF in the page's language (cached; see report.py)."""
    round_ = get_object_or_404(selectors.round_list(), key=key)
    language = get_language()
    pdf = report.report_pdf_cached(round=round_, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report.report_filename(round=round_, language=language)
    )
    return response
