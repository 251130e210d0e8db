"""Honorary certificates and diplomas (п. 4.6, 6.1) as PDF, from the register: one paper, or every paper of a decision.

A batch is one HTML document with a page per paper, laid out in a single WeasyPrint pass (about a page in 20 ms
instead of a document in 100 ms), so printing all the winners of the krai takes seconds.
"""

from collections.abc import Callable, Iterable, Sequence

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.links import absolute_url

from ..enums import CertificateKind, DecisionLevel
from ..models import Certificate
from ..services.awards import award_reason, municipality_title
from .pdf import merge_pdf, render_pages, render_pdf

NBSP = "\u00a0"


def certificate_pdf(certificate: Certificate) -> bytes:
    """One paper as it is signed and handed over. No side effects."""
    return certificates_pdf([certificate])


def certificates_pdf(certificates: Iterable[Certificate]) -> bytes:
    """Every paper given, a page each, in the order given. No side effects.

    The certificates should come with award__contest, award__nomination, award__sector, award__decision__municipality
    and award__participation__organization__municipality selected (selectors.certificates_for does that).
    """
    pages = [_printed(certificate) for certificate in certificates]
    if not pages:
        raise ValueError("Нет грамот для печати")
    return render_pdf(render_to_string("contest/pdf/certificates.html", {"pages": pages}))


CHUNK = 50  # pages laid out at once by the worker: a progress step of about 1.5 s, still one pass's economy


def certificates_pdf_in_chunks(
    certificates: Sequence[Certificate], *, chunk: int | None = None, progress: Callable[[int], object] | None = None
) -> bytes:
    """The same file as certificates_pdf, laid out `chunk` pages at a time and written at the end; after each chunk
    `progress` is called with the number of pages laid out so far. No side effects besides the calls."""
    if not certificates:
        raise ValueError("Нет грамот для печати")
    chunk = chunk or CHUNK
    documents = []
    for start in range(0, len(certificates), chunk):
        pages = [_printed(certificate) for certificate in certificates[start : start + chunk]]
        documents.append(render_pages(render_to_string("contest/pdf/certificates.html", {"pages": pages})))
        if progress is not None:
            progress(start + len(pages))
    return merge_pdf(documents)


def check_url(certificate: Certificate) -> str:
    """The public page that confirms the paper (its QR code leads there), at the portal's address (PORTAL_URL)."""
    return absolute_url(reverse("certificate-check", args=[certificate.number]))


def _printed(certificate: Certificate) -> dict:
    page = paper_text(certificate)
    page["check_url"] = check_url(certificate)
    # Printed to be typed by hand: the check form's address without the scheme (browsers add it).
    page["check_form_url"] = absolute_url(reverse("certificate-check-form")).split("://", 1)[-1]
    # About 4 ms a code; inline SVG (the PDF fetches nothing, not even data: addresses), sharp at any size.
    qr = segno.make(page["check_url"], error="m", micro=False)
    page["qr"] = mark_safe(qr.svg_inline(border=0, omitsize=True, dark="#1d1d1b"))  # segno's own markup
    return page


def paper_text(certificate: Certificate) -> dict:
    """What the paper says: issuer, title, organization, place, reason, signatory, number, date, whether it is void.
    The public check page shows the same words. No side effects."""
    award = certificate.award
    organization = award.participation.organization
    decision = award.decision
    if certificate.kind == CertificateKind.MUNICIPAL:
        issuer = _("Администрация муниципального образования %(name)s") % {
            "name": municipality_title(decision.municipality)
        }
        title = _("Почётная грамота")
    elif certificate.kind == CertificateKind.HONORARY:
        issuer = _("Глава администрации (губернатор) Краснодарского края")
        title = _("Почётная грамота")
    else:
        issuer = _("Краевая межведомственная комиссия по охране труда")
        title = _("Диплом")
    place = "" if award.level == DecisionLevel.MUNICIPAL else _("%(place)s место") % {"place": award.place}
    return {
        "kind": certificate.kind,
        "issuer": issuer,
        "title": title,
        "verb": _("награждается") if certificate.kind != CertificateKind.DIPLOMA else _("вручается"),
        "organization": award.organization_name or organization.full_name,  # as the decision named it
        "municipality": municipality_title(organization.municipality),
        "place": place,
        "reason": award_reason(award, with_place=not place),
        "signatory_position": certificate.signatory_position,
        "signatory_name": certificate.signatory_name.replace(" ", NBSP),
        "number": certificate.number,
        "date": timezone.localtime(certificate.issued_at).strftime("%d.%m.%Y"),
        "city": f"г.{NBSP}Краснодар" if award.level == DecisionLevel.REGIONAL else "",
        "void": certificate.voided_at is not None,
    }
