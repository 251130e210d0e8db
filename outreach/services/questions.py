"""Questions to the territorial commission and their threads, the letters they send, and the public FAQ.

A question starts waiting for the commission's answer; the commission's message answers it (move «answer»), the
asker's next message makes it wait again (move «follow_up»). Every message may carry one file under the portal's file
rules (contest.files.check_upload). Letters go through core.notifications with an absolute link to the thread: the
signed-in page for people with an account, the signed link (visitor_token) for a visitor.
"""

import re
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.files import DOCX, JPEG, ODT, PDF, PNG, XLSX, check_upload, limits
from contest.models import Contest, Organization, User
from core.exceptions import DomainError
from core.links import absolute_url
from core.notifications import notify, send_after_commit
from core.permissions import require
from core.search import fold
from core.workflow import record, transition
from regions.models import Municipality

from ..enums import Author, QuestionState, QuestionTopic
from ..models import SUBJECT_MAX_LENGTH, TEXT_MAX_LENGTH, FaqEntry, Question, QuestionMessage
from ..workflow import ASKED, COMMISSION_WROTE, FAQ_EDITED, FOLLOWED_UP, PUBLISHED, WITHDRAWN

ATTACHMENT_TYPES = (PDF, JPEG, PNG, DOCX, ODT, XLSX)
TOKEN_SALT = "outreach.visitor-thread"
HIDDEN = "…"  # what stands for the asker's name in the texts prefilled for the FAQ

# Who hears of a new question and of the asker's replies (the brief of п. 3.4): the commission's members and secretary.
COMMISSION_READERS = (Role.MUNICIPAL_MEMBER, Role.MUNICIPAL_SECRETARY)


# --- the visitor's signed link ----------------------------------------------------------------------------------------


def visitor_token(question: Question) -> str:
    """The code of a visitor's private link to the thread: the question's number and key, signed with SECRET_KEY
    (without a time: every letter of the question carries the same link, and it does not expire)."""
    return signing.Signer(salt=TOKEN_SALT).sign_object([question.pk, question.visitor_key])


def question_by_token(token: str) -> Question | None:
    """The visitor's question a link's code names, or None for a code that is not one the portal signed."""
    try:
        pk, key = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    return (
        Question.objects.select_related("municipality", "contest")
        .filter(pk=pk, visitor_key=key, organization__isnull=True)
        .first()
    )


def thread_link(question: Question) -> str:
    """The absolute address of the thread for the asker: the signed link of a visitor, the page of an organization."""
    if question.is_visitor:
        return absolute_url(reverse("outreach:visitor-thread", args=[visitor_token(question)]))
    return absolute_url(reverse("outreach:question", args=[question.pk]))


def commission_link(question: Question) -> str:
    return absolute_url(reverse("outreach:question", args=[question.pk]))


# --- checks of what was typed -----------------------------------------------------------------------------------------


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Напишите текст сообщения."))
    if len(text) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("Текст слишком длинный: %(length)s знаков при пределе %(max)s. Сократите его или приложите файл.")
            % {"length": len(text), "max": TEXT_MAX_LENGTH}
        )
    return text


def _subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise DomainError(_("Укажите тему вопроса."))
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise DomainError(_("Тема длиннее %(max)s знаков: сократите её.") % {"max": SUBJECT_MAX_LENGTH})
    return subject


def _topic(topic: str) -> str:
    if topic not in QuestionTopic.values:
        raise DomainError(_("Выберите, о чём вопрос."))
    return topic


def _message(question: Question, *, author: str, actor: User | None, name: str, text: str, uploaded) -> QuestionMessage:
    """A message of the thread, its file checked by its content and written under a random name. Call inside the
    transaction that saves the question's change."""
    message = QuestionMessage(question=question, author=author, written_by=actor, author_name=name[:300], text=text)
    if uploaded is not None:
        try:
            file_type, safe = check_upload(uploaded, allowed=limits(ATTACHMENT_TYPES))
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
        message.original_name = safe
        message.content_type = file_type.content_type
        message.size = uploaded.size
        message.file.save(safe, uploaded, save=False)
    message.save()
    return message


def _check_file(uploaded) -> None:
    """Refuse a bad file before anything is saved (the message would be lost with the question otherwise)."""
    if uploaded is None:
        return
    try:
        check_upload(uploaded, allowed=limits(ATTACHMENT_TYPES))
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _lock(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


# --- letters ---------------------------------------------------------------------------------------------------------


def _commission(question: Question) -> Any:
    return User.objects.holding(*COMMISSION_READERS, municipality=question.municipality_id)


def _asker_label(question: Question) -> str:
    return question.visitor_name if question.is_visitor else str(question.organization)


def _tell_commission(question: Question, *, new: bool) -> None:
    values = {"subject": question.subject, "asker": _asker_label(question), "link": commission_link(question)}
    if new:
        subject = _("Новый вопрос в территориальную комиссию: %(subject)s") % values
        body = (
            _(
                "%(asker)s задаёт вопрос территориальной конкурсной комиссии: «%(subject)s».\n\n"
                "Прочитайте его и ответьте на портале:\n%(link)s"
            )
            % values
        )
    else:
        subject = _("Новое сообщение по вопросу: %(subject)s") % values
        body = (
            _(
                "%(asker)s написал снова по вопросу «%(subject)s».\n\nПрочитайте сообщение и ответьте на портале:\n%(link)s"
            )
            % values
        )
    notify(_commission(question), subject=subject, body=body)


def _tell_asker(question: Question, *, subject: str, body: str) -> None:
    if question.is_visitor:
        send_after_commit([question.visitor_email], subject=subject, body=body)
    elif question.asked_by is not None and question.asked_by.is_active:
        notify([question.asked_by], subject=subject, body=body)
    else:  # the person who asked is gone: the organization's representatives read the answer
        notify(
            User.objects.holding(Role.ORGANIZATION, organization=question.organization_id), subject=subject, body=body
        )


def _tell_asker_answered(question: Question) -> None:
    values = {"subject": question.subject, "municipality": question.municipality, "link": thread_link(question)}
    _tell_asker(
        question,
        subject=_("Ответ на ваш вопрос: %(subject)s") % values,
        body=_(
            "Территориальная конкурсная комиссия (%(municipality)s) ответила на ваш вопрос «%(subject)s».\n\n"
            "Прочитать ответ и продолжить разговор:\n%(link)s"
        )
        % values,
    )


# --- asking ----------------------------------------------------------------------------------------------------------


def ask_question(
    organization: Organization, *, actor: User, topic: str, subject: str, text: str, uploaded=None
) -> Question:
    """A representative asks the territorial commission of the organization's municipality.

    Side effects: the question and its first message (with the file, if any), a history record, letters to the
    commission's members and secretary after the commit."""
    require(actor, "outreach.ask_question")
    if actor is not None and actor.organization_id != organization.pk:
        raise DomainError(_("Вопрос от имени организации задаёт её представитель."))
    topic, subject, text = _topic(topic), _subject(subject), _text(text)
    _check_file(uploaded)
    with transaction.atomic():
        question = Question(
            municipality_id=organization.municipality_id,
            contest=Contest.objects.order_by("-year", "pk").first(),
            topic=topic,
            subject=subject,
            organization=organization,
            asked_by=actor,
            waiting_since=timezone.now(),
        )
        question.full_clean()
        question.save()
        _message(
            question,
            author=Author.ASKER,
            actor=actor,
            name=actor.full_name if actor else "",
            text=text,
            uploaded=uploaded,
        )
        record(question, ASKED, actor=actor)
        _tell_commission(question, new=True)
    return question


def ask_as_visitor(
    municipality: Municipality, *, name: str, email: str, topic: str, subject: str, text: str, uploaded=None
) -> Question:
    """A visitor without an account asks the territorial commission of a municipality.

    Side effects: the question and its first message, a history record, a letter to the visitor with the private link
    to the thread and letters to the commission's members and secretary, after the commit."""
    name = " ".join((name or "").split())
    email = (email or "").strip()
    if not name:
        raise DomainError(_("Представьтесь: комиссии нужно знать, как к вам обращаться."))
    if not email:
        raise DomainError(_("Укажите адрес электронной почты: на него придёт ответ."))
    topic, subject, text = _topic(topic), _subject(subject), _text(text)
    _check_file(uploaded)
    with transaction.atomic():
        question = Question(
            municipality=municipality,
            contest=Contest.objects.order_by("-year", "pk").first(),
            topic=topic,
            subject=subject,
            visitor_name=name[:200],
            visitor_email=email,
            waiting_since=timezone.now(),
        )
        try:
            question.full_clean()
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
        question.save()
        _message(question, author=Author.ASKER, actor=None, name=name, text=text, uploaded=uploaded)
        record(question, ASKED, actor=None, params={"name": name})
        values = {"subject": subject, "municipality": municipality, "link": thread_link(question)}
        send_after_commit(
            [email],
            subject=_("Ваш вопрос принят: %(subject)s") % values,
            body=_(
                "Ваш вопрос «%(subject)s» передан территориальной конкурсной комиссии (%(municipality)s). "
                "Когда комиссия ответит, мы напишем вам.\n\n"
                "Читать ответ и дописывать вопрос можно по этой ссылке (она личная, не пересылайте её):\n%(link)s"
            )
            % values,
        )
        _tell_commission(question, new=True)
    return question


# --- the thread ------------------------------------------------------------------------------------------------------


def answer(question: Question, *, actor: User, text: str, uploaded=None) -> QuestionMessage:
    """The commission writes in the thread: the question is answered (or the answer is added to).

    Side effects: the message, the move «answer» (or a history record when it was answered already), a letter to the
    asker after the commit."""
    require(actor, "outreach.answer_question", question)
    text = _text(text)
    _check_file(uploaded)
    with transaction.atomic():
        locked = _lock(question)
        name = actor.full_name if actor else _("Территориальная конкурсная комиссия")
        message = _message(locked, author=Author.COMMISSION, actor=actor, name=name, text=text, uploaded=uploaded)
        if locked.state == QuestionState.WAITING:
            transition(locked, "answer", actor=actor)
            Question.objects.filter(pk=locked.pk).update(waiting_since=None)
            locked.waiting_since = None
        else:
            record(locked, COMMISSION_WROTE, actor=actor)
        _tell_asker_answered(locked)
    _refresh(question, locked)
    return message


def reply(question: Question, *, actor: User | None, text: str, uploaded=None) -> QuestionMessage:
    """The asker writes again: a representative of the organization (actor), or the visitor through the signed link
    (actor None: the view has checked the link). The question waits for the commission again.

    Side effects: the message, the move «follow_up» (or a history record while it waits), letters to the commission's
    members and secretary after the commit."""
    if actor is None and not question.is_visitor:
        raise DomainError(_("Продолжить вопрос может представитель организации, которая его задала."))
    require(actor, "outreach.reply_question", question)
    text = _text(text)
    _check_file(uploaded)
    with transaction.atomic():
        locked = _lock(question)
        name = actor.full_name if actor is not None else locked.visitor_name
        message = _message(locked, author=Author.ASKER, actor=actor, name=name, text=text, uploaded=uploaded)
        if locked.state == QuestionState.ANSWERED:
            transition(locked, "follow_up", actor=actor)
            now = timezone.now()
            Question.objects.filter(pk=locked.pk).update(waiting_since=now)
            locked.waiting_since = now
        else:
            record(locked, FOLLOWED_UP, actor=actor)
        _tell_commission(locked, new=False)
    _refresh(question, locked)
    return message


def _refresh(question: Question, locked: Question) -> None:
    question.state, question.waiting_since, question.updated_at = locked.state, locked.waiting_since, locked.updated_at


# --- the public FAQ --------------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"[«\"“„](.+?)[»\"”“]")


def asker_names(question: Question) -> list[str]:
    """What names the asker: the organization's names (and the name inside its quotes), its ИНН and ОГРН, the asking
    person's name and surname, a visitor's name and address. Longest first."""
    names: set[str] = set()
    organization = question.organization
    if organization is not None:
        for value in (organization.full_name, organization.short_name):
            if value:
                names.add(value)
                names.update(match for match in _QUOTED.findall(value))
        names.update(value for value in (organization.inn, organization.ogrn) if value)
    person = question.asked_by
    if person is not None:
        names.update(value for value in (person.full_name, person.last_name) if value)
    if question.visitor_name:
        names.add(question.visitor_name)
        names.update(word for word in question.visitor_name.split() if len(word) >= 4)
    if question.visitor_email:
        names.add(question.visitor_email)
    return sorted((name.strip() for name in names if len(name.strip()) >= 3), key=len, reverse=True)


def _hide(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(re.escape(name), HIDDEN, text, flags=re.IGNORECASE)
    return text


def _named_in(text: str, names: list[str]) -> list[str]:
    folded = fold(text)
    return [name for name in names if fold(name) in folded]


def faq_draft(question: Question) -> tuple[str, str]:
    """The texts the publication form starts from: the asker's messages and the commission's, in order, with the
    asker's names replaced by «…» (the commission edits them before publishing)."""
    names = asker_names(question)
    messages = list(question.messages.order_by("created_at", "pk"))
    asked = "\n\n".join(m.text for m in messages if m.author == Author.ASKER)
    answered = "\n\n".join(m.text for m in messages if m.author == Author.COMMISSION)
    return _hide(asked, names), _hide(answered, names)


def publish(question: Question, *, actor: User, question_text: str, answer_text: str) -> FaqEntry:
    """Publish (or edit the published) question and answer to the public FAQ of the question's contest (the current
    one for a question asked between contests). The texts must not name the asker.

    Side effects: the FAQ entry (created or updated, published), a history record."""
    require(actor, "outreach.publish_question", question)
    question_text, answer_text = (question_text or "").strip(), (answer_text or "").strip()
    if not question_text or not answer_text:
        raise DomainError(_("Для публикации нужны и вопрос, и ответ."))
    for value in (question_text, answer_text):
        if len(value) > TEXT_MAX_LENGTH:
            raise DomainError(_("Текст длиннее %(max)s знаков: сократите его.") % {"max": TEXT_MAX_LENGTH})
    named = _named_in(question_text + "\n" + answer_text, asker_names(question))
    if named:
        raise DomainError(
            _("Уберите из текстов то, что называет спрашивающего: %(names)s. В открытом разделе его не называют.")
            % {"names": ", ".join(f"«{name}»" for name in named)}
        )
    with transaction.atomic():
        locked = _lock(question)
        if locked.state != QuestionState.ANSWERED and not FaqEntry.objects.filter(question=locked).exists():
            raise DomainError(_("Опубликовать можно вопрос, на который комиссия ответила."))
        contest = locked.contest or Contest.objects.order_by("-year", "pk").first()
        if contest is None:
            raise DomainError(_("Смотр-конкурс ещё не объявлен: публиковать вопросы пока некуда."))
        entry = FaqEntry.objects.filter(question=locked).first()
        code = FAQ_EDITED if entry is not None and entry.is_published else PUBLISHED
        entry = entry or FaqEntry(question=locked, contest=contest, municipality_id=locked.municipality_id)
        entry.question_text, entry.answer_text = question_text, answer_text
        if not entry.is_published or entry.published_at is None:
            entry.published_at = timezone.now()
        entry.is_published = True
        entry.published_by = actor
        entry.full_clean()
        entry.save()
        record(locked, code, actor=actor)
    return entry


def withdraw(question: Question, *, actor: User) -> FaqEntry:
    """Take the question off the public FAQ (the entry is kept, unpublished). Side effects: the entry, a record."""
    require(actor, "outreach.publish_question", question)
    with transaction.atomic():
        _lock(question)
        entry = FaqEntry.objects.filter(question=question, is_published=True).first()
        if entry is None:
            raise DomainError(_("Этот вопрос не опубликован."))
        entry.is_published = False
        entry.save(update_fields=["is_published"])
        record(question, WITHDRAWN, actor=actor)
    return entry
