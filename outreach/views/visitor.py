"""A visitor before registering: the asking form (no account, rate-limited) and the thread behind the private
signed link of the letter. A bad link answers 404; the link never leaves in a Referer header."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from contest import throttling
from core.exceptions import DomainError

from .. import selectors
from ..forms import MessageForm, VisitorQuestionForm
from ..services import questions as services
from . import serve_attachment

SESSION_SENT = "outreach_question_sent"


def _private(response):
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def ask(request):
    """The visitor's question: name, e-mail, municipality, the question. Limited per client address (every form
    sent) and per e-mail (every letter): RATE_LIMITS «consultation…». A linked representative asks as the
    organization instead."""
    if request.user.has_perm("outreach.ask_question"):
        return redirect("outreach:ask")
    if request.method == "GET" and "sent" in request.GET:
        return render(request, "outreach/visitor/sent.html", {"email": request.session.get(SESSION_SENT, "")})
    form = VisitorQuestionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        refusal = throttling.limit_reached(request, "consultation")
        if refusal is None and form.is_valid():
            data = form.cleaned_data
            refusal = throttling.limit_reached(request, "consultation_email", per=data["email"])
            if refusal is None:
                try:
                    services.ask_as_visitor(
                        data["municipality"],
                        name=data["name"],
                        email=data["email"],
                        topic=data["topic"],
                        subject=data["subject"],
                        text=data["text"],
                        uploaded=data["file"],
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    request.session[SESSION_SENT] = data["email"]
                    return redirect(reverse("outreach:ask-visitor") + "?sent=1")
        if refusal is not None:
            form.add_error(None, refusal)
            status = throttling.TOO_MANY_REQUESTS
    return render(request, "outreach/visitor/ask.html", {"form": form}, status=status)


def thread(request, token: str):
    """The visitor's thread: the messages and a form to write again (limited per link: RATE_LIMITS
    «consultation_reply»)."""
    question = services.question_by_token(token)
    if question is None:
        raise Http404
    form = MessageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        refusal = throttling.limit_reached(request, "consultation_reply", per=f"question:{question.pk}")
        if refusal is not None:
            form.add_error(None, refusal)
            status = throttling.TOO_MANY_REQUESTS
        elif form.is_valid():
            try:
                services.reply(question, actor=None, text=form.cleaned_data["text"], uploaded=form.cleaned_data["file"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Сообщение отправлено в территориальную конкурсную комиссию."))
                return _private(redirect("outreach:visitor-thread", token=token))
    context = {
        "question": question,
        "thread": selectors.thread(question),
        "form": form,
        "token": token,
    }
    return _private(render(request, "outreach/visitor/thread.html", context, status=status))


def attachment(request, token: str, pk: int):
    question = services.question_by_token(token)
    if question is None:
        raise Http404
    message = question.messages.exclude(file="").filter(pk=pk).first()
    if message is None:
        raise Http404
    return _private(serve_attachment(message))
