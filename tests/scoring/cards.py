"""Ready-made information cards for the scoring tests."""

from decimal import Decimal

from hypothesis import strategies as st

from scoring import score_card

FLAGS = (
    "has_ohs_office",
    "has_ohs_corners",
    "has_ohs_regulation",
    "has_legal_acts",
    "has_ohs_service",
    "has_ohs_records",
    "has_joint_committee",
    "has_union_representative",
    "has_ohs_certification",
    "has_agreement_section",
    "has_info_materials",
)

PERCENTS = (
    "sanitary_pct",
    "ppe_pct",
    "assessment_pct",
    "medical_exams_pct",
    "agreement_done_pct",
    "training_managers_pct",
    "training_committee_pct",
)


def full_card(**changes) -> dict:
    """Every indicator at its maximum: 148 points."""
    values = {
        "avg_headcount": 100,
        "accidents": 0,
        "incapacity_days": 0,
        "hazardous_workers": 10,
        "ohs_spending_rub": Decimal(900_000),  # 9000 per worker
        **dict.fromkeys(PERCENTS, Decimal(100)),
        **dict.fromkeys(FLAGS, True),
    }
    values.update(changes)
    return values


def zero_card(**changes) -> dict:
    """Every indicator at zero."""
    values = {
        "avg_headcount": 1000,
        "accidents": 100,  # Кч = 100,0
        "incapacity_days": 3000,  # Кт = 30,0
        "hazardous_workers": 10,
        "ohs_spending_rub": 0,
        **dict.fromkeys(PERCENTS, 0),
        **dict.fromkeys(FLAGS, False),
    }
    values.update(changes)
    return values


def points(code: str, **changes) -> Decimal:
    """Points of one indicator on the full card with ``changes``."""
    return score_card(full_card(**changes)).points[code]


percentages = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def cards(draw) -> dict:
    """A random valid, complete card (numbers as int or Decimal)."""
    headcount = draw(st.integers(1, 5000))
    accidents = draw(st.integers(0, 60))
    values = {
        "avg_headcount": headcount,
        "accidents": accidents,
        "incapacity_days": draw(st.integers(0, 3000)) if accidents else 0,
        "hazardous_workers": draw(st.integers(0, headcount)),
        "ohs_spending_rub": draw(money),
        **{key: draw(percentages) for key in PERCENTS},
        **{key: draw(st.booleans()) for key in FLAGS},
    }
    if values["hazardous_workers"] == 0 and draw(st.booleans()):
        values["medical_exams_pct"] = None
    return values


@st.composite
def form_cards(draw) -> dict:
    """A random valid, complete card as a web form may give it: some numbers as strings, some with a comma."""
    values = draw(cards())
    for key, value in values.items():
        if value is not None and not isinstance(value, bool) and draw(st.booleans()):
            text = format(value, "f")
            values[key] = text.replace(".", ",") if draw(st.booleans()) else text
    return values
