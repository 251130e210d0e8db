"""Surveys of the organization's workers: the organization opens one and shares its link, workers answer anonymously,
the organization reads the answers and may turn a proposal into a draft report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest import throttling
from contest.views.access import check, needs
from core.exceptions import DomainError
from core.paging import paginate

from .. import selectors
from ..forms import ANSWER_FORMS, SurveyForm
from ..services import surveys as services
from . import run


def _own(request, pk: int):
    check(request.user, "practices.manage_surveys")
    survey = get_object_or_404(selectors.surveys_for(request.user), pk=pk)
    if not request.user.has_perm("practices.see_survey", survey):
        raise Http404
    return survey


@login_required
@needs("practices.manage_surveys")
def surveys(request):
    """The organization's surveys, and a form to open a new one."""
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            survey = None

            def action():
                nonlocal survey
                survey = services.start_survey(request.user.organization, actor=request.user, **form.cleaned_data)

            if run(request, action, _("Опрос открыт. Отправьте работникам ссылку.")):
                return redirect("practices:survey", pk=survey.pk)
        else:
            messages.error(request, _("Опрос не создан: исправьте отмеченное красным."))
    paged = paginate(request, selectors.surveys_for(request.user).order_by("-created_at", "-pk"))
    return render(request, "practices/surveys/list.html", {"form": form, "surveys": paged.rows, "paged": paged})


@login_required
def survey_detail(request, pk: int):
    survey = _own(request, pk)
    link = request.build_absolute_uri(reverse("practices:survey-answer", args=[survey.token]))
    paged = paginate(request, selectors.answers_of(survey))
    return render(
        request,
        "practices/surveys/detail.html",
        {"survey": survey, "answers": paged.rows, "paged": paged, "link": link},
    )


@login_required
@require_POST
def survey_toggle(request, pk: int):
    survey = _own(request, pk)
    is_open = request.POST.get("open") == "1"
    run(
        request,
        lambda: services.set_survey_open(survey, actor=request.user, is_open=is_open),
        _("Опрос снова принимает ответы.") if is_open else _("Опрос закрыт: ссылка больше не принимает ответы."),
    )
    return redirect("practices:survey", pk=survey.pk)


@login_required
@require_POST
@needs("practices.manage_surveys")
def answer_to_report(request, pk: int):
    """Turn a worker's proposal into a draft report of the current quarter."""
    answer = get_object_or_404(selectors.answers_for(request.user), pk=pk)
    report = None

    def action():
        nonlocal report
        report = services.report_from_answer(answer, actor=request.user)

    if run(request, action, _("Черновик отчёта составлен из предложения. Дополните его и представьте.")):
        return redirect("practices:report-edit", pk=report.pk)
    return redirect("practices:survey", pk=answer.survey_id)


def answer(request, token: str):
    """The anonymous answer page behind a shared link: no account, nothing about the person is stored.

    Answers are limited per link and client address (RATE_LIMITS «survey_answer»); the address is kept only inside
    the hashed key of an hour's counter, never with the answer."""
    survey = selectors.open_survey(token)
    if survey is None:
        raise Http404
    if not survey.is_open:
        return render(request, "practices/surveys/closed.html", {"survey": survey})
    form = ANSWER_FORMS[survey.kind](request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        refusal = throttling.limit_reached(request, "survey_answer", per=throttling.survey_visitor(request, token))
        if refusal is not None:
            form.add_error(None, refusal)
            status = throttling.TOO_MANY_REQUESTS
        else:
            try:
                services.answer_survey(survey, **form.service_fields())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return render(request, "practices/surveys/thanks.html", {"survey": survey})
    response = render(request, "practices/surveys/answer.html", {"survey": survey, "form": form}, status=status)
    response["Referrer-Policy"] = "no-referrer"  # the link's code never leaves in a Referer header
    return response
