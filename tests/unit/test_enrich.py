"""Baseline enrichment: gazetteer, people, organisations, citations, quotes, topics, severity."""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from schemas import Alert, Location, Organization, Person, Quote
from workers.pipeline.enrich import Enricher, Enrichment
from workers.pipeline.gazetteer import Gazetteer, Place, literal_alternation

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED = SEEDS / "000_e4ec4561e709eb5a.txt"


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def names(items: list[Person] | list[Organization] | list[Location]) -> list[str]:
    return [item.name for item in items]


# -- gazetteer ---------------------------------------------------------------------------


def test_literal_alternation_prefers_the_longest_word() -> None:
    pattern = re.compile(rf"(?:{literal_alternation(['Korea', 'North Korea', 'North Korean'])})")
    assert pattern.findall("North Korean troops; North Korea; South Korea") == [
        "North Korean",
        "North Korea",
        "Korea",
    ]


def test_bundled_places_are_many_valid_and_hand_sized() -> None:
    source = resources.files("workers.pipeline") / "data" / "places.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    assert len(data["countries"]) >= 80
    assert len(data["places"]) >= 120
    for item in data["countries"] + data["places"]:
        Location(
            name=item["name"], country_code=item["cc"], latitude=item["lat"], longitude=item["lon"]
        )
    codes = [item["cc"] for item in data["countries"]]
    assert len(codes) == len(set(codes))


def test_gazetteer_is_built_once(gazetteer: Gazetteer) -> None:
    assert Gazetteer.default() is gazetteer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Romanian territory overnight.", [("Romania", "RO")]),
        ("Russian drones and Russia's navy.", [("Russia", "RU")]),
        ("A Ukrainian official spoke.", [("Ukraine", "UA")]),
        ("Turkish mediators met Polish officials.", [("Turkey", "TR"), ("Poland", "PL")]),
        ("British troops; Britain's navy; the UK.", [("United Kingdom", "GB")]),
        ("North Korean shells, North Korea and the DPRK.", [("North Korea", "KP")]),
        ("The US, the U.S. and the United States.", [("United States", "US")]),
        ("Young Russians and Ukrainians.", [("Russia", "RU"), ("Ukraine", "UA")]),
        ("Kiev and Kyiv", [("Kyiv", "UA")]),
        ("Odessa or Odesa", [("Odesa", "UA")]),
        ("Zaporizhia, Zaporizhzhia", [("Zaporizhzhia", "UA")]),
        ("Kharkov then Kharkiv", [("Kharkiv", "UA")]),
        ("Talks in İstanbul", [("Istanbul", "TR")]),
    ],
)
def test_gazetteer_canonical_places(
    gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(loc.name, loc.country_code) for loc in gazetteer.find(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reading the report in Nice weather, a Mobile team had a Split decision.",
        "The New York Times and The Washington Post reported it.",
        "Latin American leaders met.",
        "Russiann, Prussia and Indiana are not places here.",
    ],
)
def test_gazetteer_leaves_out_ambiguous_and_embedded_words(gazetteer: Gazetteer, text: str) -> None:
    assert names(gazetteer.find(text)) == []


def test_gazetteer_locations_are_geocoded(gazetteer: Gazetteer) -> None:
    [kyiv] = gazetteer.find("Kiev")
    assert kyiv == Location(name="Kyiv", country_code="UA", latitude=50.45, longitude=30.52)


@pytest.mark.parametrize(
    ("country", "code"),
    [("Vanuatu", "VU"), ("Tonga", "TO"), ("Palau", "PW"), ("Grenada", "GD"), ("Macao", "MO")],
)
def test_gazetteer_has_countries_whose_capital_is_spelt_otherwise(
    gazetteer: Gazetteer, country: str, code: str
) -> None:
    """GeoNames's country list spells these capitals otherwise than its city list ("Port
    Vila", "Port-Vila") or names another one (Palau's Melekeok, not Ngerulmud)."""
    place = gazetteer.lookup(country)
    assert place is not None
    assert place.is_country
    assert place.location.country_code == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunfire in Tripoli overnight.", ("Tripoli", "LY")),
        ("Gunfire in Tripoli, Lebanon's second city.", ("Tripoli", "LB")),
        ("Lebanese troops deployed in Tripoli.", ("Tripoli", "LB")),
        ("Floods in Valencia.", ("Valencia", "VE")),
        ("Spain mourns as floods hit Valencia.", ("Valencia", "ES")),
        ("Riot police in Santa Cruz.", ("Santa Cruz de la Sierra", "BO")),
        ("A typhoon hit Santa Cruz in the Philippines.", ("Santa Cruz", "PH")),
        ("Storms near London, Ontario, in Canada.", ("London", "CA")),
        ("Storms near London.", ("London", "GB")),
    ],
)
def test_a_name_places_share_is_the_place_in_a_country_the_entry_names(
    gazetteer: Gazetteer, text: str, expected: tuple[str, str]
) -> None:
    [place] = [place for place in gazetteer.find(text) if place.kind == "city"]
    assert (place.name, place.country_code) == expected


def test_the_place_a_country_chooses_keeps_its_own_coordinates(gazetteer: Gazetteer) -> None:
    libya, lebanon = gazetteer.find("Tripoli")[0], gazetteer.find("Tripoli, Lebanon")[0]
    assert libya.longitude > 13
    assert 35 < lebanon.longitude < 36.5


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("São Tomé and Príncipe", "ST"),
        ("Sao Tome and Principe", "ST"),
        ("Curaçao", "CW"),
        ("Réunion", "RE"),
        ("Côte d'Ivoire", "CI"),
    ],
)
def test_countries_with_accents_in_their_names(gazetteer: Gazetteer, text: str, code: str) -> None:
    """GeoNames spells these countries without their accents."""
    [place] = gazetteer.find(f"Elections in {text} today.")
    assert place.country_code == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fano fighters took towns in the Amhara region.", ("Amhara", "ET")),
        ("Air strikes on villages in Sagaing Region.", ("Sagaing", "MM")),
        ("M23 rebels advanced in North Kivu.", ("North Kivu", "CD")),
        ("Insurgents attacked Mocimboa in Cabo Delgado.", ("Cabo Delgado", "MZ")),
        ("Gunmen raided a school in Zamfara.", ("Zamfara", "NG")),
        ("Floods in Punjab.", ("Punjab", "PK")),
        ("Floods in Punjab, India.", ("Punjab", "IN")),
        ("Drones hit Erbil in Iraq's Kurdistan region.", ("Kurdistan", "IQ")),
        ("An air strike near Jilib, in Middle Juba.", ("Middle Juba", "SO")),
    ],
)
def test_gazetteer_knows_the_regions_conflicts_are_reported_from(
    gazetteer: Gazetteer, text: str, expected: tuple[str, str]
) -> None:
    [region] = [place for place in gazetteer.find(text) if place.kind == "region"]
    assert (region.name, region.country_code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Seas and lakes named after a country are no place of it.
        ("A tanker anchored in the Gulf of Finland near Estonian waters.", ["EE"]),
        ("Fishermen on Lake Chad fled to Nigeria.", ["NG"]),
        ("A missile fell into the Sea of Japan.", []),
        ("Miners blocked the Pan-American Highway in Peru.", ["PE"]),
        ("A blast outside Aden Adde airport in Mogadishu.", ["SO"]),
        # A town that ends with another country's capital
        ("Insurgents retook Mocímboa da Praia.", ["MZ"]),
    ],
)
def test_gazetteer_places_inside_longer_names(
    gazetteer: Gazetteer, text: str, expected: list[str]
) -> None:
    assert [place.country_code for place in gazetteer.find(text)] == expected


def test_congolese_and_south_sudanese_are_demonyms(gazetteer: Gazetteer) -> None:
    codes = [place.country_code for place in gazetteer.find("Congolese and South Sudanese troops")]
    assert codes == ["CD", "SS"]


def test_gazetteer_knows_nato_and_eu_members(gazetteer: Gazetteer) -> None:
    romania, ukraine = gazetteer.lookup("Romanian"), gazetteer.lookup("Ukraine")
    assert isinstance(romania, Place)
    assert romania.blocs == {"NATO", "EU"}
    assert romania.adjective == "Romanian"
    assert ukraine is not None
    assert not ukraine.blocs


# -- construction and shape ----------------------------------------------------------------


@pytest.mark.parametrize("threshold", [0, 101])
def test_threshold_must_be_a_severity(threshold: int) -> None:
    with pytest.raises(ValueError, match="alert_threshold"):
        Enricher(alert_threshold=threshold)


def test_enrichment_is_frozen(enricher: Enricher) -> None:
    found = enricher.enrich("Quiet day", "")
    assert found == Enrichment([], [], [], [], [], [], 0, [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.severity = 5  # type: ignore[misc]


def test_output_is_deterministic(enricher: Enricher) -> None:
    body = (
        "Foreign Minister Anna Berg met NATO envoys in Warsaw, Reuters reported.\n\n"
        '"We will keep talking until there is a ceasefire," Berg said.'
    )
    assert enricher.enrich("Talks in Warsaw", body) == Enricher().enrich("Talks in Warsaw", body)


# -- people --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("Defence Minister Sergei Shoigu inspected troops.", "Sergei Shoigu", "Defence Minister"),
        ("Russian President Vladimir Putin arrived.", "Vladimir Putin", "President"),
        ("Turkish President Recep Tayyip Erdogan spoke.", "Recep Tayyip Erdogan", "President"),
        ("Pope Francis prayed for peace.", "Francis", "Pope"),
        ("Kursk governor Alexei Smirnov said so.", "Alexei Smirnov", "governor"),
        ("North Korean leader Kim Jong Un left.", "Kim Jong Un", "leader"),
        (
            "The White House spokeswoman Karine Jean-Pierre said.",
            "Karine Jean-Pierre",
            "spokeswoman",
        ),
        (
            "Romanian Foreign Minister Luminita Odobescu flew in.",
            "Luminita Odobescu",
            "Foreign Minister",
        ),
        ("European Commission President Ursula von der Leyen", "Ursula von der Leyen", "President"),
        ("Britain's King Charles III visited.", "Charles III", "King"),
        ("the Prime Minister’s aide Tom Ross’s memo", "Tom Ross", "aide"),
    ],
)
def test_titled_people(enricher: Enricher, sentence: str, name: str, role: str) -> None:
    assert enricher.enrich(sentence, "").people == [Person(name=name, role=role)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pope says supplying weapons is acceptable",
        "Kim is likely to head later this month to Vladivostok.",
        "The UN General Assembly voted; the General Staff objected.",
        "Wagner head Wagner Group?",
        "The president said on Monday that talks would go on.",
        "Ukraine defence minister says hands in resignation letter",
    ],
)
def test_no_person_without_a_titled_name(enricher: Enricher, sentence: str) -> None:
    assert enricher.enrich(sentence, "").people == []


def test_surname_mentions_resolve_to_the_person_found(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Putin says talks stalled",
        "Russian President Vladimir Putin met Defence Minister Sergei Shoigu.\n\n"
        "Shoigu later briefed Putin, and Putin's aides said Shoigu's plan was approved. "
        "Mr Putin then left.",
    )
    assert found.people == [
        Person(name="Vladimir Putin", role="President"),
        Person(name="Sergei Shoigu", role="Defence Minister"),
    ]


def test_people_are_in_order_of_first_mention_even_by_surname(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Zelenskyy's decision surprised Kyiv",
        "Defence Minister Ivan Petrenko resigned after President Volodymyr Zelenskyy asked.",
    )
    assert names(found.people) == ["Volodymyr Zelenskyy", "Ivan Petrenko"]


def test_family_name_first_resolves(enricher: Enricher) -> None:
    found = enricher.enrich("Kim to visit Russia", "North Korean leader Kim Jong Un will travel.")
    assert found.people == [Person(name="Kim Jong Un", role="leader")]


def test_pull_quote_speakers_are_named_as_the_entry_names_people(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Car bomb in market",
        "Romanian Foreign Minister Luminita Odobescu spoke in Berlin.",
        [
            Quote(text="There is a risk of incidents near our border", speaker="Odobescu"),
            Quote(
                text="The wounded keep arriving", speaker="Dr Sami Haddad, director of the hospital"
            ),
            Quote(text="Our pilots did exactly what they train for", speaker="Colonel Ana Vidal"),
            Quote(text="We are not leaving this town", speaker="a local shopkeeper"),
        ],
    )
    assert [quote.speaker for quote in found.pull_quotes] == [
        "Luminita Odobescu",
        "Sami Haddad",
        "Ana Vidal",
        "a local shopkeeper",  # names no one: kept as written
    ]


def test_a_pull_quote_by_an_organisation_names_it(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Ruling rejected",
        "Chile rejected the ruling on Thursday.",
        [
            Quote(text="We do not recognise the ruling", speaker="Chilean Foreign Ministry"),
            Quote(text="Stop shooting", speaker="Bolivian National Commission on Human Rights"),
        ],
    )
    speakers = ["Chilean Foreign Ministry", "Bolivian National Commission on Human Rights"]
    assert [quote.speaker for quote in found.pull_quotes] == speakers
    assert [organization.name for organization in found.organizations] == speakers
    assert found.people == []


def test_pull_quote_speakers_are_people(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Bucharest reacts",
        "Romanian Foreign Minister Luminita Odobescu spoke in Berlin.",
        [
            Quote(text="There is a risk of incidents near our border", speaker="Odobescu"),
            Quote(text="We will answer every provocation firmly", speaker="Marek Dvoran"),
            Quote(text="The alliance stands united on this matter", speaker="NATO"),
            Quote(text="Nobody claimed this one at all today", speaker=None),
        ],
    )
    assert found.people == [
        Person(name="Luminita Odobescu", role="Foreign Minister"),
        Person(name="Marek Dvoran", role=None),
    ]
    assert found.quotes == []


# -- organisations -------------------------------------------------------------------------


def test_organizations_are_canonical_and_deduplicated(enricher: Enricher) -> None:
    found = enricher.enrich(
        "NATO-member states meet",
        "The EU and the European Union joined Nato, the UN and the White House. The "
        "International Atomic Energy Agency and the IAEA agreed; the Kremlin-backed RIA "
        "Novosti and RIA disagreed. Hamas, Hezbollah and the Wagner Group were named.",
    )
    assert names(found.organizations) == [
        "NATO",
        "European Union",
        "United Nations",
        "White House",
        "IAEA",
        "Kremlin",
        "RIA",
        "Hamas",
        "Hezbollah",
        "Wagner Group",
    ]


def test_ministries_are_named_after_their_country(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Ministries react",
        "The Russian defence ministry said so. Britain's Defence Ministry disagreed, and "
        "Ukraine's Ministry of Foreign Affairs and the interior ministry stayed silent. "
        "The defence ministry later clarified.",
    )
    assert names(found.organizations) == [
        "Russian Defence Ministry",
        "British Defence Ministry",
        "Ukrainian Foreign Ministry",
        "Interior Ministry",
    ]


# -- attributions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "sources"),
    [
        ("The governor said on Telegram that two drones were downed.", ["Telegram"]),
        ("The ministry said in an update on X, formerly Twitter, that troops left.", ["X"]),
        ("He wrote in a Telegram post that power was back.", ["Telegram"]),
        ("The summit may move, according to The New York Times.", ["The New York Times"]),
        ("State news agency RIA quoted the minister as saying no.", ["RIA"]),
        ("Reuters reported the deal first; AFP said it was close.", ["Reuters", "AFP"]),
        ("She told the BBC that aid was stuck.", ["BBC"]),
        ("According to Russia's state news agency TASS, talks resume.", ["TASS"]),
        ("Interfax said on Telegram the plant was safe.", ["Interfax", "Telegram"]),
    ],
)
def test_attributions_are_citations(enricher: Enricher, sentence: str, sources: list[str]) -> None:
    assert enricher.enrich("Update", sentence).attributions == sources


@pytest.mark.parametrize(
    "sentence",
    [
        "Reuters has an office in Kyiv and the BBC a studio.",
        "Officials told reporters that Reuters was wrong.",
        "X marks the spot; Telegram was banned in 2018.",
    ],
)
def test_mere_mentions_are_not_attributions(enricher: Enricher, sentence: str) -> None:
    assert enricher.enrich("Update", sentence).attributions == []


# -- quotes --------------------------------------------------------------------------------


def quotes_of(enricher: Enricher, body: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in enricher.enrich("Update", body).quotes]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '"We will not give up an inch of our land," Defence Minister Ivan Petrenko said.',
            [("Ivan Petrenko", "We will not give up an inch of our land")],
        ),
        (
            "“Our air defence shot down most of them,” said Kharkiv governor Oleh Hordiy.",
            [("Oleh Hordiy", "Our air defence shot down most of them")],
        ),
        (
            'President Emmanuel Macron said: "Europe must be able to defend itself."',
            [("Emmanuel Macron", "Europe must be able to defend itself.")],
        ),
        (
            'Defence Minister Sergei Shoigu spoke. "No, the drills are cancelled this year," '
            "state news agency TASS quoted Shoigu as saying.",
            [("Sergei Shoigu", "No, the drills are cancelled this year")],
        ),
        (
            'The ministry said in a statement: "All targets were hit by our forces."',
            [(None, "All targets were hit by our forces.")],
        ),
        (
            '"The boat rolled over in seconds," a spokesperson for Salvamento Marítimo said.',
            [("Salvamento Marítimo", "The boat rolled over in seconds")],
        ),
        (
            'Kim Jong Un arrived by train. "We will strengthen our ties with Moscow," Kim said.',
            [("Kim Jong Un", "We will strengthen our ties with Moscow")],
        ),
    ],
)
def test_inline_quotes_and_their_speakers(
    enricher: Enricher, body: str, expected: list[tuple[str | None, str]]
) -> None:
    assert quotes_of(enricher, body) == expected


def test_quote_speakers_resolve_to_people_and_continue(enricher: Enricher) -> None:
    body = (
        "Russian President Vladimir Putin spoke alongside Turkish President Recep Tayyip "
        'Erdogan.\n\n"The counteroffensive has failed, and everyone can see it," Putin said.\n\n'
        '"Let us see what happens next. I hope it stays that way."\n\n'
        "Writer Fyodor Dostoevsky was mentioned too.\n\n"
        '"Our culture belongs to everyone and cannot be cancelled," he said.'
    )
    found = enricher.enrich("Putin speaks", body)
    assert [(q.speaker, q.text[:20]) for q in found.quotes] == [
        ("Vladimir Putin", "The counteroffensive"),
        ("Vladimir Putin", "Let us see what happe"[:20]),
        ("Vladimir Putin", "Our culture belongs "),
    ]
    assert "Putin" not in names(found.people)


def test_pronoun_without_earlier_speaker_is_the_person_mentioned_last(enricher: Enricher) -> None:
    body = (
        "Foreign Minister Dmytro Kuleba spoke in Kyiv. Romanian Foreign Minister Luminita "
        "Odobescu denied the reports.\n\n"
        '"Of course there is a risk so close to our borders," she told reporters.'
    )
    assert quotes_of(enricher, body) == [
        ("Luminita Odobescu", "Of course there is a risk so close to our borders")
    ]


def test_role_reference_resolves(enricher: Enricher) -> None:
    body = (
        "Espinho mayor Joana Pestana visited the promenade.\n\n"
        '"We had maybe ten minutes to get people out," the mayor said.'
    )
    assert quotes_of(enricher, body) == [
        ("Joana Pestana", "We had maybe ten minutes to get people out")
    ]


def test_scare_quotes_are_not_quotes(enricher: Enricher) -> None:
    body = (
        'Border guards "thwarted" what Moscow called a "failure" of the '
        '"new approaches" policy, it said.'
    )
    assert quotes_of(enricher, body) == []


def test_partial_quote_takes_the_subject_of_the_sentence(enricher: Enricher) -> None:
    body = (
        "Opposition leader Marek Dvoran told supporters it was “far too early to celebrate "
        "tonight”, but said the mood was good."
    )
    assert quotes_of(enricher, body) == [("Marek Dvoran", "far too early to celebrate tonight")]


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        (
            "Boats searched until dark.\n\n“We heard shouting, then the lights went out.” — "
            "Thet Naing Oo, a fisherman, speaking to local radio",
            "We heard shouting, then the lights went out.",
        ),
        (
            'Boats searched until dark.\n\n"We heard shouting, then silence" - Thet Naing Oo',
            "We heard shouting, then silence",
        ),
        (
            "“We heard shouting, then silence,” – village head Thet Naing Oo.",
            "We heard shouting, then silence",
        ),
    ],
)
def test_a_speaker_after_a_dash(enricher: Enricher, body: str, quote: str) -> None:
    assert quotes_of(enricher, body) == [("Thet Naing Oo", quote)]


def test_a_dash_after_a_quote_names_no_one_by_itself(enricher: Enricher) -> None:
    body = "Boats searched until dark.\n\n“We heard shouting, then the lights went out” - a claim"
    assert quotes_of(enricher, body) == [(None, "We heard shouting, then the lights went out")]


def test_unattributed_quote_mid_entry_has_no_speaker(enricher: Enricher) -> None:
    body = 'Crowds gathered in the square.\n\nThe banner read "we want our sons back home".'
    assert quotes_of(enricher, body) == [(None, "we want our sons back home")]


def test_pull_quotes_are_not_repeated_inline(enricher: Enricher) -> None:
    text = "We will rebuild every house this sea took"
    found = enricher.enrich(
        "Aid",
        f'"{text}," Prime Minister Rui Valente said.',
        [Quote(text=text, speaker="Rui Valente")],
    )
    assert found.quotes == []
    assert found.people == [Person(name="Rui Valente", role="Prime Minister")]


# -- topics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("Troops pushed the counteroffensive forward.", "military"),
        ("Diplomats resumed peace talks at the summit.", "diplomacy"),
        ("Parliament set the election for March.", "politics"),
        ("Civilians queued for humanitarian aid.", "humanitarian"),
        ("Inflation and new sanctions hit the economy.", "economy"),
        ("Gas and electricity prices rose after the blackout.", "energy"),
        ("Inspectors measured radiation near the reactor.", "nuclear"),
        ("A ransomware attack by hackers took banks offline.", "cyber"),
        ("The court sentenced him; prosecutors will appeal.", "legal"),
        ("An earthquake and flooding struck the coast.", "disaster"),
        ("Police arrested the mayor for bribery.", "crime"),
    ],
)
def test_each_topic(enricher: Enricher, sentence: str, topic: str) -> None:
    assert topic in enricher.enrich(sentence, "").topics


def test_topics_in_order_of_first_mention(enricher: Enricher) -> None:
    found = enricher.enrich("Grain exports resume", "Ports reopen as the war goes on. Drones flew.")
    assert found.topics == ["humanitarian", "economy", "military"]


def test_topics_ignore_words_inside_words(enricher: Enricher) -> None:
    assert enricher.enrich("Warsaw gaslighting award", "").topics == []


# -- severity and alerts ---------------------------------------------------------------------


def severity(enricher: Enricher, headline: str, body: str = "") -> tuple[int, list[str]]:
    found = enricher.enrich(headline, body)
    return found.severity, found.severity_reasons


@pytest.mark.parametrize(
    ("headline", "body", "rule", "at_least"),
    [
        ("Three killed in Kherson", "", "deaths", 30),
        ("Five wounded by shelling", "", "violence-with-harm", 70),
        ("Drone attack on Odesa port", "", "violence", 25),
        (
            "Missile strike on Lviv",
            "Four people were killed, the governor said.",
            "violence-with-harm",
            70,
        ),
        ("Explosions heard in Belgorod", "", "violence", 25),
        ("Radiation leak reported at the plant", "", "nuclear-incident", 70),
        ("Martial law declared", "", "martial-law", 70),
        ("Putin announces partial mobilisation", "", "mobilisation", 70),
        ("Army stages coup in the capital", "", "coup", 70),
        ("Sabotage group crosses the border", "", "security-incident", 20),
        (
            "Foreign minister quits",
            "Foreign Minister Tomas Varga has resigned after the clashes.",
            "leadership-change",
            70,
        ),
        (
            "Premier sacks minister",
            "President Volodymyr Zelenskyy dismissed his defence minister on Sunday.",
            "leadership-change",
            70,
        ),
        (
            "Strike on Kramatorsk",
            "A Russian missile strike killed at least 12 people in Kramatorsk.",
            "mass-casualties",
            80,
        ),
        (
            "Jets violate Estonian airspace",
            "Two Russian jets violated Estonian airspace.",
            "nato-eu-incursion",
            65,
        ),
    ],
)
def test_severity_rules(
    enricher: Enricher, headline: str, body: str, rule: str, at_least: int
) -> None:
    found = enricher.enrich(headline, body)
    assert rule in found.rules
    assert at_least <= found.severity <= 100
    assert any(reason.startswith(f"{rule}: ") for reason in found.severity_reasons)


def test_lighter_rules_add_a_quarter_of_their_weight(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Night of attacks", "Drone strikes and shelling; residents were evacuated."
    )
    assert found.rules == ["violence", "evacuation"]
    assert found.severity == round(25 + 10 / 4)


def test_severity_is_clamped(enricher: Enricher) -> None:
    score, _ = severity(
        enricher,
        "Coup and martial law",
        "Hundreds were killed and wounded in air strikes and shelling; a radiation leak "
        "followed and the president was assassinated.",
    )
    assert score == 100


@pytest.mark.parametrize(
    "sentence",
    [
        "The army denied that any village was shelled.",
        "There were no casualties.",
        "A spokesman said no one was hurt.",
    ],
)
def test_denied_words_do_not_count(enricher: Enricher, sentence: str) -> None:
    assert severity(enricher, "Update", sentence) == (0, [])


def test_a_denial_alone_is_not_a_dispute(enricher: Enricher) -> None:
    body = "Hundreds were evacuated from the seafront. No injuries were reported."
    assert severity(enricher, "Sea wall collapses", body) == (10, ["evacuation: evacuation"])


def test_years_are_not_casualty_counts(enricher: Enricher) -> None:
    body = "Soldiers were killed on Monday near the line drawn in 2014."
    _, reasons = severity(enricher, "Update", body)
    assert reasons == ["deaths: people killed"]


def test_nuclear_plant_visit_is_not_an_incident(enricher: Enricher) -> None:
    score, _ = severity(
        enricher,
        "IAEA chief visits nuclear plant",
        "IAEA chief Rafael Grossi toured the Zaporizhzhia nuclear plant; radiation was normal.",
    )
    assert score == 0


def test_attack_on_nato_territory_alerts_even_when_disputed(enricher: Enricher) -> None:
    found = enricher.enrich(
        "Kyiv says Russian drones hit Poland",
        "Kyiv said Russian drones struck Polish territory during an overnight air attack on "
        "Ukrainian grain ports.\n\nWarsaw denied that any drone had hit NATO-member Poland.",
    )
    assert found.rules == ["nato-eu-territory-hit", "violence"]
    assert found.severity_reasons[-1] == "disputed: denial reported"
    assert found.severity == 70 + round(25 / 4) - 10
    assert enricher.alert_for(found) == Alert(level="medium", reasons=found.severity_reasons)


def test_drones_striking_a_non_member_are_no_attack_on_nato(enricher: Enricher) -> None:
    _, reasons = severity(enricher, "Drones struck Ukrainian territory near Izmail", "")
    assert not any(reason.startswith("nato-eu") for reason in reasons)


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        (
            "Pope admits his remarks on Russia were clumsy",
            "Pope Francis said his words were badly chosen.",
        ),
        ("Moscow cancels its autumn military drills", "Russia has called off its large exercises."),
        ("Putin calls the counteroffensive a failure", "He spoke at a press conference in Sochi."),
        ("Kim Jong Un to meet Putin to discuss arms", "The talks could include munitions."),
        ("Guards thwart sabotage group at the border", "The group tried to cross into Russia."),
    ],
)
def test_no_alert_for_ordinary_news(enricher: Enricher, headline: str, body: str) -> None:
    assert enricher.alert_for(enricher.enrich(headline, body)) is None


@pytest.mark.parametrize(
    ("severity_value", "level"),
    [(59, None), (60, "medium"), (74, "medium"), (75, "high"), (89, "high"), (90, "critical")],
)
def test_alert_levels(enricher: Enricher, severity_value: int, level: str | None) -> None:
    found = Enrichment([], [], [], [], [], [], severity_value, ["test reason"])
    alert = enricher.alert_for(found)
    assert (alert.level if alert else None) == level
    if alert:
        assert alert.reasons == ["test reason"]


def test_lower_threshold_gives_low_alerts() -> None:
    found = Enricher(alert_threshold=20).enrich("Sabotage group stopped", "")
    assert Enricher(alert_threshold=20).alert_for(found) == Alert(
        level="low", reasons=["security-incident: sabotage, incursion or hostages"]
    )


# -- the seed document -------------------------------------------------------------------------


def seed_entries() -> list[tuple[str, str]]:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    text = SEED.read_text(encoding="utf-8")
    markers = list(re.finditer(r"^\d{2}:?\d{2} GMT\s*—\s*(.+)$", text, re.MULTILINE))
    entries = []
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        chunk = text[marker.end() : following.start() if following else len(text)]
        paragraphs = [p.strip() for p in chunk.split("\n\n") if p.strip()]
        paragraphs = [p for p in paragraphs if not p.startswith(("More updates", "Related"))]
        entries.append((marker[1].strip(), "\n\n".join(paragraphs)))
    return entries


@pytest.fixture(scope="module")
def seed(enricher: Enricher) -> list[Enrichment]:
    return [enricher.enrich(headline, body) for headline, body in seed_entries()]


def test_seed_has_seven_entries(seed: list[Enrichment]) -> None:
    assert len(seed) == 7


def test_seed_people(seed: list[Enrichment]) -> None:
    found = {person.name for entry in seed for person in entry.people}
    assert found == {
        "Kim Jong Un",
        "Vladimir Putin",
        "Adrienne Watson",
        "Alexander Bogomaz",
        "Sergei Shoigu",
        "Francis",
        "Recep Tayyip Erdogan",
        "Dmytro Kuleba",
        "Luminita Odobescu",
        "Oleksiy Reznikov",
        "Volodymyr Zelenskyy",
        "Fyodor Dostoevsky",
    }
    assert Person(name="Francis", role="Pope") in seed[3].people
    assert Person(name="Alexander Bogomaz", role="governor") in seed[1].people


def test_seed_places(seed: list[Enrichment]) -> None:
    found = {location.name for entry in seed for location in entry.locations}
    assert found == {
        "North Korea",
        "Russia",
        "Vladivostok",
        "Moscow",
        "Bryansk",
        "Belarus",
        "Sochi",
        "Kyiv",
        "Romania",
        "Berlin",
        "Ukraine",
        "United States",
        "United Kingdom",
        "Turkey",
    }


def test_seed_citations_and_quotes(seed: list[Enrichment]) -> None:
    assert [entry.attributions for entry in seed] == [
        ["The New York Times"],
        ["Telegram"],
        ["RIA", "X"],
        [],
        [],
        [],
        [],
    ]
    speakers = [[quote.speaker for quote in entry.quotes] for entry in seed]
    assert speakers == [
        ["Adrienne Watson", "Adrienne Watson"],
        ["Alexander Bogomaz"],
        ["Sergei Shoigu"],
        ["Francis", "Francis", "Francis"],
        ["Vladimir Putin", "Vladimir Putin"],
        ["Luminita Odobescu"],
        [],
    ]


def test_seed_alerts(enricher: Enricher, seed: list[Enrichment]) -> None:
    alerts = [enricher.alert_for(entry) for entry in seed]
    assert [alert is not None for alert in alerts] == [
        False,
        False,
        False,
        False,
        False,
        True,
        True,
    ]
    romania, resignation = alerts[5], alerts[6]
    assert romania is not None
    assert romania.reasons[0].startswith("nato-eu-territory-hit: ")
    assert resignation is not None
    assert resignation.reasons[0] == "leadership-change: defence minister resigns"
