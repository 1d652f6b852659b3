"""Alert rules files, event type, tone, location kinds and the dev-set quality floor."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from workers.pipeline.enrich import Enricher, RulesError
from workers.pipeline.enrich.rules import load_rules, parse_rules
from workers.pipeline.enrich.tone import tone

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


# -- rules files -----------------------------------------------------------------------------


def test_bundled_rules_load() -> None:
    rules = load_rules()
    assert {"violence-with-harm", "leadership-change", "nato-eu-territory-hit"} <= {
        rule.id for rule in rules
    }


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("rule = 3", "no \\[\\[rule\\]\\] tables"),
        ("[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 0\nkeywords = ['a']", "weight"),
        ("[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 5", "needs at least one condition"),
        ("[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 5\nsignals = ['ufo']", "unknown signal"),
        ("[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 5\nkeywords = ['Coup']", "lowercase"),
        ("[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 5\nkeyword = ['coup']", "unknown key"),
        (
            "[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 5\nkeywords = ['a']\n"
            "unless_types = ['1']",
            "CAMEO root codes",
        ),
        ("[[rule]\nid = 'x'", "Expected ']]'"),
        (
            "[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 5\nkeywords = ['a']\n"
            "[[rule]]\nid = 'x'\ndescription = 'd'\nweight = 5\nkeywords = ['b']",
            "duplicate rule id",
        ),
    ],
)
def test_bad_rules_fail_with_one_clear_error(document: str, problem: str) -> None:
    with pytest.raises(RulesError, match=f"alert rules my.toml: .*{problem}"):
        parse_rules(document, "my.toml")


def test_unreadable_rules_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(ValueError, match=r"missing\.toml: cannot be read"):
        Enricher(alert_rules=missing)


def test_rules_file_overrides_the_policy(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(
        '[[rule]]\nid = "talks"\ndescription = "talks held"\nweight = 80\n'
        'keywords = ["talks"]\nplaces = ["EU"]\n',
        encoding="utf-8",
    )
    custom = Enricher(alert_rules=path)
    found = custom.enrich("Talks in Vienna", "Diplomats held talks in Vienna.")
    alert = custom.alert_for(found)
    assert alert is not None
    assert alert.reasons == ["talks: talks held"]
    assert custom.alert_for(custom.enrich("Talks in Cairo", "Talks went on in Cairo.")) is None


# -- cases that once failed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "body", "alert"),
    [
        # A sentence that denies the injuries does not deny the fire.
        (
            "Depot ablaze",
            "A drone attack set fire to an oil depot, adding that no one was hurt.",
            True,
        ),
        (
            "Minister stays",
            "Foreign Minister Ana Bell said she would not resign over the trip.",
            False,
        ),
        (
            "IAEA chief plans visit",
            "Rafael Grossi will visit the nuclear plant to check for a radiation leak.",
            False,
        ),
        (
            "Kremlin denies mobilisation",
            "Peskov denied that a new mobilisation was planned.",
            False,
        ),
        ("Three killed in Kherson", "", False),
        ("Shelling of market kills two", "Russian shelling killed two people.", True),
        # Firefighters "fighting" a blaze are not in combat; a wildfire is not violence.
        (
            "Forest fires kill 12 near the coast",
            "The fires have killed 12 people. Crews were fighting 20 fires overnight.",
            False,
        ),
        ("Clan fighting in the highlands", "Nine people were killed in the fighting.", True),
        ("Glide bombs kill three in Sumy", "Two houses were destroyed.", True),
        (
            "Rocket fired at port city",
            "The rocket was intercepted. There were no immediate reports of injuries.",
            False,
        ),
        # A headline that reacts (condemns, demands, denies) is not the violence it reacts to.
        (
            "Rights group condemns deadly raid on village",
            "Gunmen attacked the village last week, killing 14 people.",
            False,
        ),
        (
            "Army denies shelling refugee camp",
            "Aid workers said shells hit the camp on Sunday, killing six people.",
            False,
        ),
        ("Mortar attack on market kills six", "Six people were killed by the shells.", True),
        # A junta's coup is background when the headline is about something else.
        (
            "Junta signs railway agreement with Chinese firm",
            "The military government, which seized power in a coup in 2021, signed the deal.",
            False,
        ),
        ("Soldiers seize power in overnight coup", "The army said it had seized power.", True),
        # The minister who accepts a deputy's resignation does not resign; an interior
        # minister is not a post the policy covers.
        (
            "Deputy defence minister quits",
            "Defence Minister Ana Bell accepted the resignation of her deputy on Monday.",
            False,
        ),
        ("Interior minister resigns", "The interior minister resigned on Friday.", False),
        ("Defence minister resigns", "The defence minister resigned on Friday.", True),
        # Reservists called up for exercises are not a mobilisation.
        (
            "Army calls up reservists",
            "The drills are planned every year, not a mobilisation, a colonel said.",
            False,
        ),
        # A drone that explodes near a nuclear plant has not hit it.
        (
            "Drone explodes near nuclear plant",
            "A drone exploded 300 metres from the nuclear plant, the operator said.",
            False,
        ),
        ("Police shoot protesters", "Police shot dead two protesters in the capital.", True),
        (
            "Gabon calls up army reservists",
            "Gabon called up reservists as rebels neared the border.",
            True,
        ),
        ("Coast guard rams boat", "A coast guard ship rammed a fishing boat, injuring two.", True),
        ("Tank fire kills four", "Tank fire killed four people near the crossing.", True),
        ("Soldier killed", "A soldier was killed when an explosive device went off.", True),
        ("Officer hurt at border", "Migrants threw stones at guards, injuring an officer.", True),
        ("Drone enters Latvian airspace", "", True),
        (
            "Police foil bomb plot",
            "Police arrested five men planning to bomb a market and seized explosives.",
            False,
        ),
        (
            "Baltic states bar officials",
            "Estonia barred six officials from entering its territory.",
            False,
        ),
        (
            "Port city remembers ferry bombing victims",
            "Hundreds gathered at the harbour to remember the 30 people killed when a bomb "
            "exploded on a ferry.",
            False,
        ),
    ],
)
def test_alert_policy(enricher: Enricher, headline: str, body: str, alert: bool) -> None:
    assert (enricher.alert_for(enricher.enrich(headline, body)) is not None) is alert


@pytest.mark.parametrize(
    "body",
    [
        "The army, in power since the 2021 coup, shelled two villages, killing four people.",
        "The army, which seized power in 2021, shelled two villages, killing four people.",
    ],
)
def test_an_event_dated_by_its_year_is_background(enricher: Enricher, body: str) -> None:
    found = enricher.enrich("Army shells villages", body)
    assert "violence-with-harm" in found.rules
    assert "coup" not in found.rules


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        # A date before the words it modifies, a few of them
        (
            "Police arrest three over last week's market bombing",
            "Police arrested three men over last week's car bombing at a market that killed "
            "nine people. The suspects are accused of building the bomb used in the attack.",
        ),
        (
            "Case reopened",
            "Investigators reopened the file on the 1995 hotel bombing that killed 12.",
        ),
        # a date after the event ("in May 2017", "last month")
        (
            "Families gather in Kabul",
            "Families gathered at the site of the truck bombing in May 2017, which killed 90.",
        ),
        (
            "Update",
            "The government cited the ambush last month that killed four soldiers.",
        ),
    ],
)
def test_violence_dated_in_the_past_is_background(
    enricher: Enricher, headline: str, body: str
) -> None:
    assert "violence-with-harm" not in enricher.enrich(headline, body).rules


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        # A verb before a possessive date is not dated: the news is what the verb does.
        (
            "Drones strike Odesa",
            "Drones struck Odesa overnight, a week after last week's raid, killing two.",
        ),
        # a count, not a year
        ("Fighting in the north", "Some 2000 fighters attacked the town, killing 40 people."),
    ],
)
def test_what_a_date_does_not_modify_is_news(enricher: Enricher, headline: str, body: str) -> None:
    assert "violence-with-harm" in enricher.enrich(headline, body).rules


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        ("Prime minister refuses defence minister's resignation", ""),
        (
            "Minister stays",
            "The defence minister submitted his resignation on Monday, but the president "
            "refused to accept it.",
        ),
        (
            "Minister stays",
            "The defence minister offered to quit, but the president rejected the resignation.",
        ),
    ],
)
def test_a_refused_resignation_changes_no_leader(
    enricher: Enricher, headline: str, body: str
) -> None:
    assert "leadership-change" not in enricher.enrich(headline, body).rules


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        ("Gunmen kill villagers", "Gunmen gunned down residents, killing at least 30 people."),
        ("Curfew after riots", "A night of rioting in the capital killed eight people."),
        ("Drone hits residence", "A drone crashed into the wall, destroying a guard post."),
    ],
)
def test_more_violence_with_harm(enricher: Enricher, headline: str, body: str) -> None:
    assert "violence-with-harm" in enricher.enrich(headline, body).rules


def test_objects_that_did_not_cross_made_no_incursion(enricher: Enricher) -> None:
    body = (
        "Lithuania's military tracked three drones near the border and said none of them had "
        "crossed into Lithuanian airspace."
    )
    assert "nato-eu-incursion" not in enricher.enrich("Drones near border", body).rules


def test_no_violation_of_airspace_is_a_denial(enricher: Enricher) -> None:
    body = (
        "Poland scrambled jets as Russia struck western Ukraine.\n\n"
        "No violation of Polish airspace was recorded, the army said."
    )
    assert enricher.enrich("Poland scrambles jets", body).rules == []


def test_a_year_elsewhere_in_the_sentence_does_not_date_the_event(enricher: Enricher) -> None:
    found = enricher.enrich("Troops seize power", "In 2024 soldiers staged a coup in the capital.")
    assert "coup" in found.rules


@pytest.mark.parametrize(
    ("headline", "code"),
    [
        ("Kremlin denies plans for new mobilisation", "01"),
        ("North Korea fires ballistic missile into sea", "15"),
        ("Two killed as gunmen attack church", "18"),
        ("Missile strike on Dnipro kills five", "19"),
        ("Pope to visit Lampedusa next month", "03"),
        ("Leaders meet in Tokyo", "04"),
        ("Earthquake in eastern Turkey kills three", "01"),
        ("Quiet day", "01"),
        ("Bomb wrecks bridge near the border", "18"),
        ("Governor killed in ambush on highway", "18"),
        ("Blast hits rail line, sabotage suspected", "18"),
        ("Explosion at market injures seven", "19"),
        ("Drone explodes over city centre", "19"),
        ("Fighter jets enter neighbouring airspace", "15"),
        ("President replaces army chief", "08"),
        ("Agency releases emergency funds for drought", "07"),
        ("Japan sends rescue boats to flood-hit Vietnam", "07"),
        ("Romania begins training Moldovan pilots", "06"),
        ("Thousands mark ten years since the earthquake", "01"),
        ("Chile asks Argentina for firefighting planes", "02"),
        ("Coast guard ship rams fishing boat, two hurt", "18"),
        ("Electoral body fines three parties over hate speech", "17"),
        ("Militia boats swarm disputed reef", "15"),
        ("UNICEF ships cholera vaccine doses to Malawi", "07"),
        ("Cholera outbreak kills 40 in Zambia", "01"),
    ],
)
def test_event_type(enricher: Enricher, headline: str, code: str) -> None:
    found = enricher.enrich(headline, "")
    assert found.event_type.code == code
    assert -10 <= found.event_type.goldstein <= 10


def test_location_kinds(enricher: Enricher) -> None:
    found = enricher.enrich("Talks", "Officials from Poland met in Krakow and Crimea.")
    assert [(loc.name, loc.kind) for loc in found.locations] == [
        ("Poland", "country"),
        ("Kraków", "city"),
        ("Crimea", "region"),
    ]


def test_tone_follows_vader() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    sentences = [
        "Five people were killed in a brutal attack.",
        "Leaders praised the very good progress of the talks.",
        "The talks did not fail, but the mood was grim.",
        "The ministry published its daily update.",
    ]
    for sentence in sentences:
        assert abs(tone(sentence) - vader.polarity_scores(sentence)["compound"] * 100) < 15
    assert tone("") == 0.0


# -- dev-set quality (a regression floor, not a timing test) ---------------------------------


def _quality_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_quality", REPO / "bench" / "quality.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_quality"] = module
    spec.loader.exec_module(module)
    return module


def test_dev_set_meets_the_targets() -> None:
    quality = _quality_module()
    records = quality.load()
    assert len(records) >= 40
    assert {record["form"] for record in records} == {"text", "entry", "html"}
    tuning = quality.score(quality.select(records, "tuning"))
    # Floors under the scores of batches 1-6, 8-14 and 16-18 (2026-12-02): quote speakers'
    # recall 0.938 and organisations' 0.955 since batches 16-18, ordinary news days by new
    # writers, brought names and fragments of quotes the rules do not read yet.
    for name in quality.SET_FIELDS:
        assert tuning[name].precision >= 0.95, name
        assert tuning[name].recall >= 0.93, name
    # Writers call some headlines otherwise than CAMEO's cues or the writers before (a
    # pledge of aid 07, not 03; a signed arms deal 06, not 05; a rally on an anniversary
    # 14, not 01; an ambush 18 or 19): 0.912 with batches 13-18.
    assert tuning["event_type"].value >= 0.91
    assert tuning["alert"].value >= 0.98


# Batch 7's first, blind score (precision, recall), written down before any tuning on it.
# The first, blind score of each held-out batch: (precision, recall) of each set field,
# then event type and alert accuracy. Batch 7 was scored at the code tuned on batches 1-5,
# batch 15 at 9daf9b4 (2026-12-02), after fourteen batches.
_HELD_OUT_FIRST = {
    "ho7": (
        {
            "people": (0.917, 0.868),
            "organizations": (0.935, 0.896),
            "locations": (0.969, 0.989),
            "attributions": (0.962, 0.895),
            "quote_speakers": (0.956, 0.717),
        },
        0.705,
        0.864,
    ),
    "ho15": (
        {
            "people": (0.914, 0.927),
            "organizations": (0.899, 0.859),
            "locations": (0.980, 1.000),
            "attributions": (1.000, 0.949),
            "quote_speakers": (0.891, 0.854),
        },
        0.875,
        0.958,
    ),
}
_HELD_OUT_MARGIN = 0.03


@pytest.mark.parametrize("batch", sorted(_HELD_OUT_FIRST))
def test_held_out_batch_stays_above_its_first_score(batch: str) -> None:
    """Held-out batches are never tuned on, nor their misses read; their floors sit just
    under their first, blind scores, so a change that generalises worse than the code
    that was scored fails here."""
    quality = _quality_module()
    held_out = quality.select(quality.load(), "held-out")
    assert {record["id"].split("-")[0] for record in held_out} == set(_HELD_OUT_FIRST)
    records = [record for record in held_out if record["id"].split("-")[0] == batch]
    assert len(records) >= 25
    scores = quality.score(records)
    fields, event_type, alert = _HELD_OUT_FIRST[batch]
    assert set(fields) == set(quality.SET_FIELDS)
    for name, (precision, recall) in fields.items():
        assert scores[name].precision >= precision - _HELD_OUT_MARGIN, name
        assert scores[name].recall >= recall - _HELD_OUT_MARGIN, name
    assert scores["event_type"].value >= event_type - _HELD_OUT_MARGIN
    assert scores["alert"].value >= alert - _HELD_OUT_MARGIN


def test_clearing_debris_after_a_storm_is_not_violence() -> None:
    enricher = Enricher()
    found = enricher.enrich(
        "Lisbon releases emergency aid",
        "The prime minister said the army would send engineers to help councils clear debris "
        "and inspect damaged bridges.",
    )
    assert enricher.alert_for(found) is None
