"""States of what core keeps for every app: the letters of the outbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterStatus(models.TextChoices):
    """A letter's way out: queued → sending → sent, or → retry (the mail server failed; tried again later) → … → given
    up (after Letter.GIVE_UP_AFTER); staff may queue a given-up letter again."""

    QUEUED = "queued", _("в очереди")
    SENDING = "sending", _("отправляется")
    RETRY = "retry", _("ошибка, повтор")
    SENT = "sent", _("отправлено")
    GIVEN_UP = "given_up", _("не отправлено")


# Waiting to be sent: a worker may claim these once next_attempt_at has come (SENDING: the claim's lease ran out, the
# worker that held it died).
PENDING = (LetterStatus.QUEUED, LetterStatus.SENDING, LetterStatus.RETRY)
