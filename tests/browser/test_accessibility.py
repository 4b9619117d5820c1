"""WCAG 2.1 A and AA checks by axe-core (bundled by axe-playwright-python, so no network) on
the portal's main pages, in English and Japanese, for visitors and for a coordinator."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from cooperation_portal.management.commands.seed_demo import DEMO_PASSWORD
from exchanges.models import Meeting, Milestone
from practices.models import BestPractice, Transfer
from tests import factories
from tests.browser.session import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


def test_main_pages_have_no_wcag_violations(live_server, page):
    call_command("seed_demo", force=True, verbosity=0)
    practice = BestPractice.objects.published().first()
    meeting = Meeting.objects.order_by("starts_at").first()
    milestone = Milestone.objects.first()
    transfer = Transfer.objects.get(stage="piloting")
    taken_up = transfer.practice
    folded = factories.long_workstream()  # the plan folds it; two pages of its timeline
    public = [
        taken_up.get_absolute_url(),
        "/ja/cities/tamana/",
        "/en/",
        "/ja/",
        "/en/cities/",
        "/ja/cities/kamakura/",
        "/en/practices/",
        "/ja/practices/?q=防災",
        practice.get_absolute_url(),
        meeting.get_absolute_url(),
        "/ja/meetings/",
        "/en/action-plan/",
        "/ja/action-plan/milestones/",
        f"/ja/action-plan/workstreams/{folded.pk}/?page=2",
        "/en/action-plan/milestones/?page=2",
        "/en/accounts/login/",
    ]
    members = [
        "/en/accounts/",
        "/ja/practices/new/",
        "/en/practices/workspace/",
        "/en/meetings/new/",
        "/ja/meetings/slots/?participants=city:kamakura&participants=city:glasgow"
        "&first_day=2030-01-14&last_day=2030-01-16&duration=60",
        milestone.get_absolute_url(),
        f"/en/action-plan/milestones/{milestone.pk}/edit/",
        f"/en/action-plan/workstreams/{folded.pk}/",
        "/ja/notifications/settings/",
        "/en/notifications/outbox/",
        "/en/accounts/invitations/",
        transfer.get_absolute_url(),
        "/ja" + transfer.get_absolute_url()[3:],
        f"/en/practices/{taken_up.slug}/interest/",
        f"/ja/transfers/{transfer.pk}/plan/",
        f"/en/transfers/{transfer.pk}/kpis/",
        "/en/transfers/",
        f"/en/practices/{BestPractice.objects.filter(status='draft').first().slug}/edit/",
    ]
    found = {}
    for url in public:
        page.goto(live_server.url + url)
        found[url] = _violations(page)
    log_in(page, live_server.url, "coordinator.isinnova@example.org", DEMO_PASSWORD)
    for url in members:
        page.goto(live_server.url + url)
        assert "/accounts/login/" not in page.url and "/2fa/" not in page.url, page.url
        found[url] = _violations(page)
    assert {url: v for url, v in found.items() if v} == {}
