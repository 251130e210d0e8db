"""The load of bin/benchmark, run by locust in its own process (`locust -f this file --headless …`); no Django here.

BENCH_PLAN names a JSON file written by the benchmark: per role a weight, the session cookies of its people (signed
in once by the benchmark, outside the measured window) and its pages. Each simulated user takes one person's session
and opens a random page of its role every 1–3 s. Every response's time is written to BENCH_SAMPLES when the run ends,
so that the benchmark computes exact percentiles per page and over all page views.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, events

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

SAMPLES: list[tuple[str, float, int]] = []


@events.request.add_listener
def record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) if exception is None else 0
    SAMPLES.append((name, response_time, status))


@events.quitting.add_listener
def dump(environment, **kwargs):
    with open(os.environ["BENCH_SAMPLES"], "w", encoding="utf-8") as out:
        json.dump(SAMPLES, out)


class RoleUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role: str = ""
    sessions: itertools.cycle

    def on_start(self):
        session = next(self.sessions)
        for name, value in session["cookies"].items():
            self.client.cookies.set(name, value)
        self.csrf = session["cookies"].get("csrftoken", "")
        self.own = str(session["own"])

    def visit(self):
        page = random.choice(PLAN["roles"][self.role]["pages"])
        url = page["url"].replace("{own}", self.own)
        if page["method"] == "POST":
            self.client.post(url, data=page["data"], name=page["name"], headers={"X-CSRFToken": self.csrf})
        else:
            self.client.get(url, name=page["name"])

    tasks = [visit]


# One class of users per role, weighted like the portal's audience.
for _role, _spec in PLAN["roles"].items():
    globals()[f"User_{_role}"] = type(
        f"User_{_role}",
        (RoleUser,),
        {"role": _role, "weight": _spec["weight"], "sessions": itertools.cycle(_spec["sessions"]), "abstract": False},
    )
