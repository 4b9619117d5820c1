import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cities.models import City, CoordinatingBody, Membership
from tests import factories

pytestmark = pytest.mark.django_db

EXPECTED_CITIES = {
    # slug: (English name, Japanese name, country code, region, role, zone)
    "rotterdam": ("Rotterdam", "ロッテルダム", "NL", "europe", "lighthouse", "Europe/Amsterdam"),
    "umea": ("Umeå", "ウメオ", "SE", "europe", "lighthouse", "Europe/Stockholm"),
    "glasgow": ("Glasgow", "グラスゴー", "GB", "europe", "lighthouse", "Europe/London"),
    "gdansk": ("Gdańsk", "グダニスク", "PL", "europe", "fellow", "Europe/Warsaw"),
    "parma": ("Parma", "パルマ", "IT", "europe", "fellow", "Europe/Rome"),
    "brno": ("Brno", "ブルノ", "CZ", "europe", "fellow", "Europe/Prague"),
    "hamamatsu": ("Hamamatsu", "浜松市", "JP", "japan", "japanese_partner", "Asia/Tokyo"),
    "kamakura": ("Kamakura", "鎌倉市", "JP", "japan", "japanese_partner", "Asia/Tokyo"),
    "tamana": ("Tamana", "玉名市", "JP", "japan", "japanese_partner", "Asia/Tokyo"),
}


def test_the_migration_loads_the_nine_partner_cities_with_their_zones():
    found = {
        c.slug: (c.name_en, c.name_ja, c.country_code, c.region, c.programme_role, c.time_zone)
        for c in City.objects.all()
    }
    assert found == EXPECTED_CITIES


def test_japanese_cities_carry_their_prefecture():
    prefectures = dict(City.objects.filter(region="japan").values_list("slug", "subdivision_en"))
    assert prefectures == {"hamamatsu": "Shizuoka", "kamakura": "Kanagawa", "tamana": "Kumamoto"}


def test_local_spellings_are_kept():
    assert City.objects.get(slug="umea").local_name == "Umeå"
    assert City.objects.get(slug="gdansk").local_name == "Gdańsk"


def test_every_city_has_a_profile_in_both_languages():
    for city in City.objects.all():
        assert city.profile_en and city.profile_ja, city.slug


def test_the_two_coordinating_bodies():
    bodies = {
        b.slug: (b.short_name_en, b.name_ja, b.kind, b.country_code, b.time_zone)
        for b in CoordinatingBody.objects.all()
    }
    assert bodies == {
        "isinnova": (
            "ISINNOVA",
            "ISINNOVA（システム統合研究所）",
            "research_institute",
            "IT",
            "Europe/Rome",
        ),
        "cabinet-office-japan": (
            "Cabinet Office",
            "内閣府",
            "government_office",
            "JP",
            "Asia/Tokyo",
        ),
    }
    cao = CoordinatingBody.objects.get(slug="cabinet-office-japan")
    assert "Office for Promoting Regional Revitalization" in str(cao.programme_role_en)


def test_a_city_in_japan_cannot_be_a_lighthouse():
    with pytest.raises(IntegrityError):
        City.objects.filter(slug="tamana").update(programme_role="lighthouse")


def test_an_unknown_time_zone_is_rejected():
    city = City.objects.get(slug="parma")
    city.time_zone = "Europe/Atlantis"
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "time_zone" in error.value.message_dict


def test_a_membership_belongs_to_a_city_or_a_body_never_both():
    user = factories.UserFactory.create()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, city=factories.city(), body=factories.body())


def test_a_membership_needs_an_organisation():
    user = factories.UserFactory.create()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user)
