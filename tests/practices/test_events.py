"""Explanatory events (issue 16, п. 5): the administration announces, the organizations of its municipality are told
and register their participants within the places and the registration's time, a cancellation reaches those
registered, and the materials of a held event appear in the public library (a cancelled event's never)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url
from core.models import Notification
from practices.models import EventMaterial, EventRegistration, ExplanatoryEvent
from practices.services import events as services
from tests.factories import OrganizationFactory, UserFactory, municipality

from .event_helpers import announced, fields, moved_to_past, staff
from .helpers import PDF_BYTES, district, pdf, representative

pytestmark = pytest.mark.django_db


def form(**overrides) -> dict:
    """The event form as the page posts it (datetime-local values in Moscow time)."""
    data = fields(**overrides)
    posted = {}
    for name, value in data.items():
        if isinstance(value, datetime):
            posted[name] = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        else:
            posted[name] = "" if value is None else str(value)
    return posted


def krd_rep(**kwargs):
    return representative(OrganizationFactory(municipality=municipality("Краснодар")), **kwargs)


def sochi_rep(**kwargs):
    return representative(OrganizationFactory(municipality=municipality("Сочи")), **kwargs)


def text(response) -> str:
    return response.content.decode()


# --- dates the Russian way ---------------------------------------------------------------------------------------------


def test_a_moment_is_written_the_russian_way_in_moscow_time():
    moment = datetime(2027, 3, 15, 7, 0, tzinfo=UTC)  # 10:00 in Moscow
    assert services.when_text(moment) == "15 марта 2027, 10:00"


# --- announcing and the letters ----------------------------------------------------------------------------------------


def test_the_administration_announces_through_the_page_and_its_municipality_is_told(
    client, django_capture_on_commit_callbacks
):
    organizer = district("Краснодар")
    invited_one, invited_two = krd_rep(), krd_rep()
    outsider = sochi_rep()
    client.force_login(organizer)
    data = form(online_url="https://vks.example.ru/room/7", municipality=str(municipality("Краснодар").pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:event-new"), data)
    event = ExplanatoryEvent.objects.get()
    assert response["Location"] == reverse("practices:event", args=[event.pk])
    assert event.municipality == municipality("Краснодар")
    assert event.online_url == "https://vks.example.ru/room/7"
    assert event.speaker_lines[1] == "Сидорова А. В., начальник планово-экономического отдела, АО «Кубань»"
    assert sorted(letter.to[0] for letter in mail.outbox) == sorted([invited_one.email, invited_two.email])
    assert outsider.email not in {letter.to[0] for letter in mail.outbox}
    letter = mail.outbox[0]
    when = services.when_text(event.starts_at)
    assert letter.subject == f"Разъяснительное мероприятие: {event.topic}, {when}"
    assert f"Когда: {when}." in letter.body
    assert "Место: г. Краснодар, ул. Красная, 35, зал заседаний." in letter.body
    assert "Подключение: https://vks.example.ru/room/7" in letter.body
    assert absolute_url(f"/events/{event.pk}/") in letter.body
    assert Notification.objects.filter(recipient=invited_one, link=f"/events/{event.pk}/").count() == 1


def test_a_region_wide_event_of_the_department_reaches_every_municipality(django_capture_on_commit_callbacks):
    here, there = krd_rep(), sochi_rep()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.announce_event(None, actor=staff(), **fields())
    assert event.is_regional
    assert sorted(letter.to[0] for letter in mail.outbox) == sorted([here.email, there.email])


def test_an_administration_may_not_announce_for_the_region_or_another_municipality(client):
    client.force_login(district("Краснодар"))
    page = text(client.get(reverse("practices:event-new")))
    assert "весь край" not in page
    for chosen in ("", str(municipality("Сочи").pk)):
        response = client.post(reverse("practices:event-new"), form(municipality=chosen))
        assert response.status_code == 200
        assert "is-invalid" in text(response)
    assert not ExplanatoryEvent.objects.exists()
    with pytest.raises(services.DomainError):
        services.announce_event(None, actor=district("Краснодар"), **fields())


# --- validation: told next to the field, nothing typed lost ------------------------------------------------------------


def test_an_event_without_a_place_and_a_link_is_refused_next_to_the_field(client):
    client.force_login(district("Краснодар"))
    data = form(place="", online_url="", municipality=str(municipality("Краснодар").pk))
    response = client.post(reverse("practices:event-new"), data)
    assert response.status_code == 200
    page = text(response)
    assert "Укажите место проведения или ссылку для подключения." in page
    assert "Экономика охраны труда: потери от травматизма" in page  # the topic typed is still there
    assert not ExplanatoryEvent.objects.exists()
    with pytest.raises(services.DomainError, match="место проведения или ссылку"):
        services.announce_event(municipality("Краснодар"), actor=None, **fields(place="", online_url=""))


def test_a_start_in_the_past_and_a_registration_after_the_start_are_refused(client):
    client.force_login(district("Краснодар"))
    starts = timezone.now() + timedelta(days=2)
    data = form(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=None,
        municipality=str(municipality("Краснодар").pk),
    )
    response = client.post(reverse("practices:event-new"), data)
    assert "Эта дата уже прошла: укажите дату и время в будущем." in text(response)
    data = form(starts_at=starts, registration_closes_at=starts + timedelta(hours=1), ends_at=None)
    data["municipality"] = str(municipality("Краснодар").pk)
    response = client.post(reverse("practices:event-new"), data)
    assert "Регистрация должна закончиться не позже начала мероприятия." in text(response)
    response = client.post(
        reverse("practices:event-new"), {**data, "starts_at": "завтра", "registration_closes_at": ""}
    )
    assert "Дата и время — например, 15.03.2027 10:00." in text(response)
    assert not ExplanatoryEvent.objects.exists()


# --- scope: someone else's event answers 404 -------------------------------------------------------------------------------


def test_another_municipalitys_administration_and_organizations_get_404(client):
    event = announced("Краснодар")
    for person in (district("Сочи"), sochi_rep()):
        client.force_login(person)
        for name in ("practices:event", "practices:event-edit", "practices:event-materials"):
            assert client.get(reverse(name, args=[event.pk])).status_code == 404, (person, name)
        assert client.post(reverse("practices:event-cancel", args=[event.pk]), {"reason": "x"}).status_code == 404
        assert (
            client.post(reverse("practices:event-register", args=[event.pk]), {"participants": "Я"}).status_code == 404
        )
    event.refresh_from_db()
    assert event.cancelled_at is None
    assert not EventRegistration.objects.exists()
    client.force_login(krd_rep())
    assert client.get(reverse("practices:event", args=[event.pk])).status_code == 200
    assert client.get(reverse("practices:event-edit", args=[event.pk])).status_code == 404


def test_an_organization_sees_its_municipalitys_and_the_regions_events_only(client):
    own = announced("Краснодар", topic="Краснодарское мероприятие")
    regional = announced(None, topic="Краевое мероприятие")
    announced("Сочи", topic="Сочинское мероприятие")
    client.force_login(krd_rep())
    page = text(client.get(reverse("practices:events")))
    assert own.topic in page
    assert regional.topic in page
    assert "Сочинское мероприятие" not in page
    assert "Объявить мероприятие" not in page


# --- registration -------------------------------------------------------------------------------------------------------


def test_an_organization_registers_changes_and_withdraws_its_participants(client):
    event = announced("Краснодар")
    person = krd_rep()
    client.force_login(person)
    url = reverse("practices:event-register", args=[event.pk])
    response = client.post(url, {"participants": "Иванова Мария Петровна, экономист\n\n  Петров  Иван, мастер  \n"})
    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert (registration.participants_count, registration.organization_id) == (2, person.organization_id)
    assert registration.participant_lines == ["Иванова Мария Петровна, экономист", "Петров Иван, мастер"]
    page = text(client.get(reverse("practices:event", args=[event.pk])))
    assert "Петров Иван, мастер" in page
    assert "Отозвать регистрацию" in page

    client.post(url, {"participants": "Сидоров Олег, инженер по охране труда"})
    registration = EventRegistration.objects.get()
    assert registration.participants_count == 1

    client.post(reverse("practices:event-withdraw", args=[event.pk]))
    assert not EventRegistration.objects.exists()


def test_registration_after_it_closed_is_refused_and_nothing_is_lost(client):
    event = announced("Краснодар", registration_closes_at=timezone.now() + timedelta(days=1))
    ExplanatoryEvent.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(krd_rep())
    response = client.post(reverse("practices:event-register", args=[event.pk]), {"participants": "Иванова Мария"})
    assert response.status_code == 200
    page = text(response)
    assert "Регистрация закрылась" in page
    assert not EventRegistration.objects.exists()
    page = text(client.get(reverse("practices:event", args=[event.pk])))
    assert 'data-testid="registration-closed"' in page
    assert 'data-testid="registration-form"' not in page


def test_a_full_event_refuses_more_participants_than_places_left(client):
    event = announced("Краснодар", capacity=3)
    first, second = krd_rep(), krd_rep()
    services.register_participants(event, actor=first, organization=first.organization, participants="Первый\nВторой")
    client.force_login(second)
    url = reverse("practices:event-register", args=[event.pk])
    response = client.post(url, {"participants": "Третий\nЧетвёртый"})
    assert response.status_code == 200
    page = text(response)
    assert "Мест не хватает: свободно 1, а в списке 2. Сократите список." in page
    assert "Четвёртый" in page  # the list typed is still in the form
    assert EventRegistration.objects.count() == 1
    assert client.post(url, {"participants": "Третий"}).status_code == 302
    with pytest.raises(services.DomainError, match="свободно 2, а в списке 3"):
        services.register_participants(
            event, actor=first, organization=first.organization, participants="Первый\nВторой\nПятый"
        )
    assert sorted(EventRegistration.objects.values_list("participants_count", flat=True)) == [1, 2]


def test_the_organizer_sees_the_registered_organizations_their_people_and_the_total(client):
    event = announced("Краснодар", capacity=10)
    for people in ("Иванова Мария, экономист\nПетров Иван, мастер", "Сидоров Олег, инженер"):
        person = krd_rep()
        services.register_participants(event, actor=person, organization=person.organization, participants=people)
    client.force_login(district("Краснодар"))
    page = text(client.get(reverse("practices:event", args=[event.pk])))
    assert page.count('data-testid="registration"') == 2
    assert "Сидоров Олег, инженер" in page
    assert "Всего 3 участника" in page
    assert "из 10 мест, свободно: 7" in page
    listing = text(client.get(reverse("practices:events")))
    assert "2 организации, 3 участника из 10 мест" in listing
    response = client.get(reverse("practices:event-registrations-xlsx", args=[event.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from tests.test_list_queries import xlsx_text

    sheet = xlsx_text(response)
    assert "Петров Иван, мастер" in sheet
    assert "Сидоров Олег, инженер" in sheet


# --- cancelling ------------------------------------------------------------------------------------------------------------


def test_a_cancellation_needs_a_reason_and_reaches_the_registered_organizations(
    client, django_capture_on_commit_callbacks
):
    event = announced("Краснодар")
    registered, other = krd_rep(), krd_rep()
    services.register_participants(
        event, actor=registered, organization=registered.organization, participants="Иванова"
    )
    client.force_login(district("Краснодар"))
    page = text(client.get(reverse("practices:event", args=[event.pk])))
    assert "data-confirm=" in page.split('data-testid="cancel"')[1]
    url = reverse("practices:event-cancel", args=[event.pk])
    response = client.post(url, {"reason": ""})
    assert "Укажите причину отмены" in text(response)
    event.refresh_from_db()
    assert event.cancelled_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Спикер заболел, новая дата — в письме позже."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    assert [letter.to for letter in mail.outbox] == [[registered.email]]
    assert other.email not in {letter.to[0] for letter in mail.outbox}
    assert mail.outbox[0].subject == f"Мероприятие отменено: {event.topic}"
    assert "Причина: Спикер заболел, новая дата — в письме позже." in mail.outbox[0].body
    client.force_login(registered)
    page = text(client.get(reverse("practices:events")))
    assert event.topic in page
    assert '<span class="badge text-bg-danger">отменено</span>' in page
    response = client.post(reverse("practices:event-register", args=[event.pk]), {"participants": "Петров"})
    assert "Мероприятие отменено" in text(response)


def test_a_started_event_is_neither_changed_nor_cancelled():
    event = moved_to_past(announced("Краснодар"))
    organizer = district("Краснодар")
    with pytest.raises(services.DomainError, match="уже началось"):
        services.cancel_event(event, actor=organizer, reason="Поздно")
    with pytest.raises(services.DomainError, match="уже началось"):
        services.update_event(event, actor=organizer, topic="Другая тема")


def test_a_change_of_time_reaches_the_registered_organizations(django_capture_on_commit_callbacks):
    event = announced("Краснодар")
    person = krd_rep()
    services.register_participants(event, actor=person, organization=person.organization, participants="Иванова")
    later = event.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event, actor=district("Краснодар"), starts_at=later, ends_at=None)
    assert [letter.to for letter in mail.outbox] == [[person.email]]
    assert services.when_text(later) in mail.outbox[0].body


# --- materials and the library ---------------------------------------------------------------------------------------------


def test_materials_are_added_after_the_start_only_and_a_bad_file_is_refused(client):
    event = announced("Краснодар")
    client.force_login(district("Краснодар"))
    url = reverse("practices:event-materials", args=[event.pk])
    assert 'data-testid="not-started"' in text(client.get(url))
    with pytest.raises(services.DomainError, match="после начала"):
        services.add_event_material(event, actor=None, url="https://video.example.ru/1")
    moved_to_past(event)
    page = text(client.get(url))
    assert "Материалы будут видны всем в библиотеке передового опыта." in page
    fake = SimpleUploadedFile("слайды.pdf", b"MZ\x90\x00 not a document at all", content_type="application/pdf")
    response = client.post(url, {"file": fake, "title": "Слайды"})
    assert response.status_code == 200
    assert "Слайды" in text(response)
    assert "Этот вид файла не принимается. Допустимые форматы: PDF" in text(response)
    assert not EventMaterial.objects.exists()
    response = client.post(url, {"file": pdf("слайды.pdf"), "title": "Слайды лекции"})
    assert response.status_code == 302
    material = EventMaterial.objects.get()
    assert material.original_name == "слайды.pdf"
    assert "слайды" not in material.file.name  # stored under a random name


def test_the_library_shows_a_held_events_materials_and_not_a_cancelled_ones(client):
    held = moved_to_past(announced(None, topic="Инвестиции в безопасность окупаются"))
    slides = services.add_event_material(held, actor=None, uploaded=pdf("слайды.pdf"), title="Слайды доклада")
    services.add_event_material(held, actor=None, url="https://video.example.ru/zapis", title="Запись")
    dropped = moved_to_past(announced("Краснодар", topic="Отменённый семинар"))
    hidden = services.add_event_material(dropped, actor=None, uploaded=pdf("другое.pdf"))
    ExplanatoryEvent.objects.filter(pk=dropped.pk).update(cancelled_at=timezone.now(), cancel_reason="Отменено")
    announced("Краснодар", topic="Будущий семинар")  # not held yet, no materials

    page = text(client.get(reverse("practices:library")))
    section = page.split('data-testid="library-events"')[1]
    assert "Материалы разъяснительных мероприятий" in page
    assert "Инвестиции в безопасность окупаются" in section
    assert "весь край" in section
    assert "Петров П. П., доцент, КубГУ" in section
    assert reverse("practices:library-event-material", args=[slides.pk]) in section
    assert "https://video.example.ru/zapis" in section
    assert "Отменённый семинар" not in page
    assert "Будущий семинар" not in page

    assert client.get(reverse("practices:library-event", args=[held.pk])).status_code == 200
    assert client.get(reverse("practices:library-event", args=[dropped.pk])).status_code == 404
    download = client.get(reverse("practices:library-event-material", args=[slides.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert client.get(reverse("practices:library-event-material", args=[hidden.pk])).status_code == 404
    listing = text(client.get(reverse("practices:library-events")))
    assert "Слайды доклада" in listing
    assert "Отменённый семинар" not in listing


def test_the_organizer_deletes_a_material_and_it_leaves_the_library(client):
    event = moved_to_past(announced("Краснодар"))
    material = services.add_event_material(event, actor=None, uploaded=pdf())
    client.force_login(district("Сочи"))
    assert client.post(reverse("practices:event-material-delete", args=[material.pk])).status_code == 404
    client.force_login(district("Краснодар"))
    response = client.post(reverse("practices:event-material-delete", args=[material.pk]))
    assert response["Location"] == reverse("practices:event-materials", args=[event.pk])
    assert not EventMaterial.objects.exists()


# --- the organizer's list costs the same for 1 and 20 events ---------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_organizers_list_costs_the_same_for_1_and_20_events(client):
    organizer = UserFactory(role="staff")
    client.force_login(organizer)
    url = reverse("practices:events")
    announced("Краснодар", topic="Событие 00")
    one = _queries(client, url)
    for index in range(1, 20):
        event = announced("Краснодар", topic=f"Событие {index:02d}")
        person = krd_rep()
        services.register_participants(event, actor=person, organization=person.organization, participants="Я")
    page = text(client.get(url))
    assert all(f"Событие {index:02d}" in page for index in range(20))
    assert _queries(client, url) == one
