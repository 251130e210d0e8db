"""The signed-in thread: a representative asks and sees the organization's questions; the same question page serves
the commission of the municipality and staff (they see the answer and publication forms there)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from contest.views.access import check, needs
from core.exceptions import DomainError
from core.paging import paginate

from .. import selectors
from ..forms import MessageForm, PublishForm, QuestionForm
from ..models import Question
from ..services import questions as services
from . import serve_attachment

PAGE_SIZE = 20
NOT_SENT = gettext_lazy("Сообщение не отправлено: исправьте отмеченное красным. Введённый текст сохранён на странице.")


@login_required
@needs("outreach.ask_question")
def ask(request):
    """A representative asks the territorial commission of the organization's municipality."""
    form = QuestionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                question = services.ask_question(
                    request.user.organization,
                    actor=request.user,
                    topic=data["topic"],
                    subject=data["subject"],
                    text=data["text"],
                    uploaded=data["file"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Вопрос отправлен в территориальную конкурсную комиссию. Ответ придёт на почту и появится здесь."
                    ),
                )
                return redirect("outreach:question", pk=question.pk)
        messages.error(request, NOT_SENT)
    municipality = request.user.organization.municipality
    return render(request, "outreach/ask.html", {"form": form, "municipality": municipality})


@login_required
@needs("outreach.list_own_questions")
def my_questions(request):
    """«Мои вопросы»: the questions of the representative's organization, by any of its representatives."""
    paged = paginate(request, selectors.own_questions(request.user), PAGE_SIZE)
    return render(request, "outreach/my_questions.html", {"paged": paged, "questions": paged.rows})


def _question(request, pk: int) -> Question:
    question = get_object_or_404(selectors.questions_for(request.user), pk=pk)
    check(request.user, "outreach.see_question", question)
    return question


def thread_context(request, question: Question, **forms) -> dict:
    user = request.user
    commission = user.has_perm("outreach.answer_question", question)
    asker = user.has_perm("outreach.reply_question", question)
    context = {
        "question": question,
        "thread": selectors.thread(question),
        "commission": commission,
        "asker": asker,
        "overdue": question.waiting_since is not None and question.waiting_since < selectors.overdue_cutoff(),
        "faq": getattr(question, "faq", None),
    }
    if commission or asker:
        context["form"] = forms.get("form") or MessageForm()
    if commission:
        context["history"] = selectors.history(question)
        context["can_publish"] = user.has_perm("outreach.publish_question", question)
    return context


@login_required
def question_detail(request, pk: int):
    question = _question(request, pk)
    return render(request, "outreach/question.html", thread_context(request, question))


@login_required
@require_POST
def question_reply(request, pk: int):
    """A message in the thread: the commission's answer, or the organization's reply."""
    question = _question(request, pk)
    user = request.user
    if user.has_perm("outreach.answer_question", question):
        service, success = services.answer, _("Ответ отправлен. Спрашивающий получит письмо.")
    elif user.has_perm("outreach.reply_question", question):
        service, success = services.reply, _("Сообщение отправлено в территориальную конкурсную комиссию.")
    else:
        raise Http404
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            service(question, actor=user, text=form.cleaned_data["text"], uploaded=form.cleaned_data["file"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect("outreach:question", pk=question.pk)
    messages.error(request, NOT_SENT)
    return render(request, "outreach/question.html", thread_context(request, question, form=form))


@login_required
def attachment(request, pk: int):
    """The file of a message, for whoever may open its question; everyone else gets 404."""
    message = selectors.message_for(request.user, pk)
    if message is None:
        raise Http404
    return serve_attachment(message)


# --- the commission publishes to the FAQ --------------------------------------------------------------------------


@login_required
def publish(request, pk: int):
    """The texts for the public FAQ, prefilled from the thread without the asker's names; saving publishes them."""
    question = _question(request, pk)
    check(request.user, "outreach.publish_question", question)
    entry = getattr(question, "faq", None)
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.publish(question, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Вопрос и ответ опубликованы в разделе «Вопросы и ответы»."))
                return redirect("outreach:question", pk=question.pk)
        messages.error(request, _("Не опубликовано: исправьте отмеченное красным. Введённый текст сохранён."))
    else:
        if entry is not None:
            initial = {"question_text": entry.question_text, "answer_text": entry.answer_text}
        else:
            asked, answered = services.faq_draft(question)
            initial = {"question_text": asked, "answer_text": answered}
        form = PublishForm(initial=initial)
    return render(request, "outreach/publish.html", {"question": question, "form": form, "entry": entry})


@login_required
@require_POST
def withdraw(request, pk: int):
    question = _question(request, pk)
    check(request.user, "outreach.publish_question", question)
    try:
        services.withdraw(question, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Вопрос снят с публикации: в разделе «Вопросы и ответы» его больше нет."))
    return redirect("outreach:question", pk=question.pk)
