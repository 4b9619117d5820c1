"""Forms as people fill them in (issue 12): invitees as checkboxes grouped by city and body,
never a site admin; time zones by city and country, canonical ones only, the partners' first;
Django's empty choice in Japanese; files by the type people know; dates in each language's
own format (2026年12月21日（月）)."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.template import Context, Template
from django.utils import translation

from accounts.forms import time_zone_choices
from tests import factories

pytestmark = pytest.mark.django_db


def _flat(choices) -> dict[str, str]:
    flat = {}
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.update(dict(label))
        else:
            flat[value] = label
    return flat


def test_invitees_are_checkboxes_grouped_by_city_and_body_with_a_filter(client):
    coordinator = factories.coordinator("isinnova", full_name="Giulia Rossi")
    kamakura = factories.officer("kamakura", full_name="高橋 美咲")
    factories.officer("glasgow", full_name="Fiona MacLeod")
    client.force_login(coordinator)
    html = client.get("/en/meetings/new/").content.decode()
    invitees = html[html.index('id="id_invitees"') :]
    invitees = invitees[: invitees.index("</fieldset>\n</div>") + 20]
    assert "<select" not in invitees
    assert 'type="checkbox" name="invitees"' in invitees
    # Each person under their city or body, in a fieldset named after it.
    groups = dict(
        re.findall(r"<legend>([^<]+)</legend>\s*<ul>(.*?)</ul>", invitees, flags=re.DOTALL)
    )
    assert "Kamakura" in groups and "高橋 美咲" in groups["Kamakura"]
    assert f'value="{kamakura.pk}"' in groups["Kamakura"]
    assert "Fiona MacLeod" in groups["Glasgow"] and "Fiona MacLeod" not in groups["Kamakura"]
    isinnova = next(people for name, people in groups.items() if name.startswith("ISINNOVA"))
    assert "Giulia Rossi" in isinnova
    # The filter box is there for the script to show (hidden without JavaScript).
    assert 'data-filter-choices="id_invitees"' in invitees
    assert "Find a person" in invitees


def test_a_site_admin_is_never_offered_as_an_invitee(client):
    coordinator = factories.coordinator("isinnova")
    admin = factories.site_admin(full_name="Site admin")
    client.force_login(coordinator)
    response = client.get("/en/meetings/new/")
    form = response.context["form"]
    offered = {str(pk) for pk in _flat(form.fields["invitees"].choices)}
    assert str(admin.pk) not in offered and str(coordinator.pk) in offered
    assert "Site admin" not in response.content.decode()
    # Nor can one be sent by hand.
    response = client.post("/en/meetings/new/", {"invitees": [admin.pk]})
    assert "invitees" in response.context["form"].errors


def test_time_zones_are_canonical_named_by_city_and_country_partners_first():
    with translation.override("en"):
        choices = time_zone_choices("—")
    assert choices[0] == ("", "—")
    (_partners_label, partners), (_all_label, others) = choices[1], choices[2]
    partner_zones = [zone for zone, _label in partners]
    assert "Asia/Tokyo" in partner_zones and "Europe/Rome" in partner_zones
    tokyo = dict(partners)["Asia/Tokyo"]
    assert tokyo.startswith("Tokyo, Japan") and "Kamakura" in tokyo
    values = dict(others)
    # Obsolete aliases are not offered: their canonical zones are.
    for obsolete, canonical in (
        ("Africa/Asmera", "Africa/Asmara"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("US/Pacific", "America/Los_Angeles"),
    ):
        assert obsolete not in values and canonical in values
    assert values["Asia/Kolkata"] == "Kolkata, India"
    assert values["America/Los_Angeles"] == "Los Angeles, United States"
    # Each zone once, the partners' not repeated below.
    assert not set(partner_zones) & set(values)
    assert len(values) < 450
    with translation.override("ja"):
        japanese = _flat(time_zone_choices("—")[1:])
    assert japanese["Asia/Tokyo"].startswith("日本・東京")
    assert japanese["Asia/Kolkata"] == "インド・コルカタ"


def test_a_zone_chosen_before_stays_choosable_in_the_preferences(client):
    officer = factories.officer("kamakura", time_zone="Asia/Calcutta")
    client.force_login(officer)
    response = client.get("/en/accounts/preferences/")
    assert 'value="Asia/Calcutta" selected' in response.content.decode()


def test_the_empty_choice_is_in_japanese():
    with translation.override("ja"):
        assert str(BLANK_CHOICE_LABEL) == "選択してください"


def test_dates_follow_the_language(settings):
    template = Template("{% load portal %}{{ day|weekday_date }}|{{ day|local_date }}")
    context = Context({"day": date(2026, 12, 21)})
    with translation.override("ja"):
        assert template.render(context) == "2026年12月21日（月）|2026年12月21日"
    with translation.override("en"):
        assert template.render(context) == "Mon 21 Dec 2026|21 Dec 2026"


@pytest.mark.today("2026-12-01T09:00:00Z")
def test_the_slot_finders_days_read_as_japanese_dates(client):
    coordinator = factories.coordinator("cabinet-office-japan")
    client.force_login(coordinator)
    response = client.get(
        "/ja/meetings/slots/?participants=city:kamakura&participants=city:glasgow"
        "&first_day=2026-12-21&last_day=2026-12-22&duration=60"
    )
    html = response.content.decode()
    assert "<h3>2026年12月21日（月）</h3>" in html
    assert "月 21 12月 2026" not in html


def test_attachments_show_the_type_people_know_with_an_icon(client):
    from practices import services

    author = factories.officer("kamakura")
    practice = factories.practice(status="draft", city="kamakura", author=author)
    content = b"%PDF-1.4\n" + b"x" * 184
    services.attachment_add(
        practice=practice,
        by=author,
        upload=SimpleUploadedFile("report.pdf", content),
        title="Drill report",
    )
    client.force_login(author)
    html = client.get(f"/en/practices/{practice.slug}/edit/").content.decode()
    assert "(PDF, 193\xa0bytes)" in html
    assert "application/pdf" not in html
    assert re.search(r'<img src="[^"]*/img/file-pdf\.svg" alt=""', html)
    with translation.override("ja"):
        client.cookies.load({"django_language": "ja"})
        html = client.get(f"/ja/practices/{practice.slug}/edit/").content.decode()
    assert "（PDF、193\xa0バイト）" in html
