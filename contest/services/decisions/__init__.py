"""The commissions' decisions: ties across the prize line (R9), the municipal protocol and forwarding (п. 4.5, 4.7), the
regional commission's proposal and protocol (п. 4.10–4.11), and staff's reopening of a decision. By topic: municipal.py
(ties, stage 1), regional.py (stage 2), reopening.py, building.py (the snapshot); callers use the package.

A decision is a snapshot of what it approved (see contest.snapshots): recording one stores every ranked entry of
every group with its total, place, shared place, tie resolution and the verified values behind it, plus the excluded
and disqualified with their reasons, and links the participations it covers; the door (core.workflow.transition) and
the write services then refuse to change them while it is in force. Reopening is staff's act with a reason: the
decision is voided (kept), its awards and certificates with it, municipal winners go back to «verified» and regional
winners to «municipal winner» (the regional commission proposes again), and a new decision is needed. The regional
decision closes forwarding: no municipal decision is accepted after it.
"""

from .building import build_snapshot, removed_in, snapshot_of
from .common import regional_decision_of
from .municipal import municipal_problems, not_taken_into_review, record_municipal_decision, resolve_tie
from .regional import (
    proposal_map,
    proposal_outdated,
    propose_regional_winners,
    record_regional_decision,
    regional_problems,
)
from .reopening import void_decision, void_problems

__all__ = [
    "build_snapshot",
    "municipal_problems",
    "not_taken_into_review",
    "proposal_map",
    "proposal_outdated",
    "propose_regional_winners",
    "record_municipal_decision",
    "record_regional_decision",
    "regional_decision_of",
    "regional_problems",
    "removed_in",
    "resolve_tie",
    "snapshot_of",
    "void_decision",
    "void_problems",
]
