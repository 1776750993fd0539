"""No rule fix damages clean copy. Each look-alike here stands for a class of false fixes found
by running every rule over the clean news corpus (benchmarks/rule_fixes.py): the rule had read
a token inside a time, a fraction, a table, a name or a compound as a garble."""

from __future__ import annotations

import pytest
from conftest import run_fixcopy

from fixcopy.document import Document
from fixcopy.pipeline import fixes
from fixcopy.rules import lookalike, run_rules
from fixcopy.suggestion import Suggestion, apply

FIX_THRESHOLD = 0.8


def applied(text: str) -> list:
    """The rule fixes `fix` would apply to this text."""
    return fixes(run_rules(Document(text)), FIX_THRESHOLD)


CLEAN = [
    # article: a country name as a modifier or inside a name is not a garble
    "It was broadcast by the Russia 1 station and the Russia.tv website.",
    "The Korea Herald reported that the Russia-Ukraine talks and the Kosovo war were discussed.",
    # verb-form: a past form that is also the base of another verb (found a firm, wound, ground)
    "Cullis-Suzuki continued to found an environmental think tank in 1993.",
    "The regulator agreed to ground the planes until the inquiry ends.",
    # number-date: a number inside a time, a fraction, or an issue number
    "The meeting began at 08:30 of March 3 in the capital.",
    "About 2/3 of March sales came from exports.",
    "Reference New York Grain Freights 1 of April 8, ship brokers say.",
    # stray-punctuation: names with an apostrophe, letters as labels, abbreviations, sign-offs
    "Officials in Xi'an, a city in Shaanxi, said the plan was ready.",
    "Pilgrims reached Yan'an, the old revolutionary base, on Monday.",
    "He read the Qur'an, a gift from his father, every night.",
    "Troops in N'Djamena, the capital, were put on alert.",
    "Liam O'Neill, an engineer, said the line was safe.",
    "The notes, Series A, due 2031, pay 2.9%.",
    "The drug will treat hemophilia A, the most common form of the disease.",
    "It bought a foundry in Racine, Wis. for 2 mln dlrs.",
    "The contract was awarded to Boeing, the Navy said. reuter",
    "Chrysler will pay one share for each share of AMC they hold. more",
    "sows - up 1.00 dlr. us 1-3 500-650 lbs 46.50-47.00.",
    "Sales are measured in thousand running bales. y - in mln cwts",
    # duplicated-word: compounds, compass points, ratings, scores, table cells
    "He was stabbed in a break-in in 1999.",
    "It is a great shame this has been dissipated in in-fighting.",
    "Each right entitles holders to buy one one-hundredth of a share.",
    "Lazard Freres and Co co-managed the deal.",
    "The bill would have banned non-bank bank activities.",
    "The well is two km south south east of the town.",
    "Its debt was cut to A plus from A plus plus.",
    "Here we see ylang ylang, the component of many perfumes.",
    "It placed its loans in medium- and long-term term loans.",
    "Over 20,000 tons nil nil nil nil 0.500 0.375 0.250 0.125",
    "MONTHS LAST DIFFERENCE May/Jul 1 under 1 under Jul/Aug even even Sep/Nov 1-1/2 under 2-1/2 under",
    # verb-form: "May" and "Can" as names, "can" the noun, gerunds, adjectives
    "May closed 18.5 cents higher at 6.765 dlrs.",
    "May said the chicken industry favored the change.",
    "American Can earned 196.3 mln dlrs last year.",
    "It plans to build a beverage can manufacturing plant.",
    "Search will be a key focus, as will making Messenger available on mobiles.",
    "Prices may ease back should buying support fail to emerge.",
    "Claims on assets pledged to secured creditors were resolved.",
    "Wenger insists he has complete faith in the player.",
    "The rains came despite some disappointing starts to growing seasons.",
    "But he agreed to setting up the dispute panel.",
    # article: place names as modifiers, inside longer names, in compounds
    "Shares rose on the London and New York exchanges.",
    "The London to Sydney Marathon started on Sunday.",
    "The Mexico rescheduling has not been finalised.",
    "Tomlin pegged the future of the Singapore banking industry to securities.",
    "The rate is above the Singapore inter-bank offered rate.",
    "The Australia and New Zealand Banking Group Ltd raised its rate.",
    "It was bought by Banque Internationale a Luxembourg and two banks.",
    "You just don't send it abroad. You do a Brazil.",
    "They agreed to end the Iraq-Iran war.",
    "It bought Lyle Gas Co, a Cairo, Ga., propane gas distributor.",
    "The Chicago, Missouri will employ 625 workers.",
    "It merged with Lotoquik, a Nassau, Bahamas-based maker of lottery machines.",
    # broken-compound: foreign firm names, dashes typed as hyphens
    "It also covered Berliner Handels- und Frankfurter Bank.",
    "Investigations in such cases -thought to involve about 5% of businesses -are to continue.",
    "Sucks to the cities- it's way better out here.",
    "He fails to address one key point- al-Qaeda attacks.",
    # punctuation: dot leaders and two-dot ellipses
    "TEMPERATURES WERE: ...............MAX TEMP..MIN TEMP..RAINFALL",
    "Nikko Securities.....8.25......6.15......7.75.. Money Mkt Services...8.00......6.25",
    "People who act for companies or individuals .. Must, I suggest, be ready.",
    "It can work as long as the problems are cyclical..But it's another matter now.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_no_rule_fix_on_clean_copy(text):
    assert applied(text) == []


# Where a rule cannot tell a garble from a typo in the original, it flags without fixing.
FLAGGED_NOT_FIXED = [
    ("The posted price is 19.35 dlrs a barrel. the price move follows a wave of increases.", "barrel. the"),
    ("There is no expiring prior pact. dealers said liquidity was adequate.", "pact. dealers"),
    ("Beatles covers sold for $110,00 (£59,000) at auction.", "110,00"),
    ("Dow will spending 650 mln dlrs on research.", "spending"),
]


@pytest.mark.parametrize("text,span", FLAGGED_NOT_FIXED)
def test_ambiguous_spans_are_flagged_not_fixed(text, span):
    sugs = run_rules(Document(text))
    assert span in [s.text for s in sugs]
    assert applied(text) == []


# The garbles these classes resemble are still fixed.
STILL_FIXED = [
    # article: the short names news gives countries (the official lists say "Russian Federation")
    ("Officials said the Russia would not attend.", "Officials said Russia would not attend."),
    ("Talks between the Turkey and the Britain resumed.", "Talks between Turkey and Britain resumed."),
    ("Officials said the Korea would join the talks.", "Officials said Korea would join the talks."),
    ("The vote is on 3 of March.", "The vote is on March 3."),
    ("The company said. it expected a loss.", "The company said it expected a loss."),
    ("The commission plans to open. an office in Astana.", "The commission plans to open an office in Astana."),
    ("The, government said it would act.", "The government said it would act."),
    ("They met for for the first time.", "They met for the first time."),
    ("The money could helped farmers.", "The money could help farmers."),
    ("Ongpin said the Japan is expected to respond.", "Ongpin said Japan is expected to respond."),
    ("Buyers came from the Germany and France on Monday.", "Buyers came from Germany and France on Monday."),
    ("Shares rose in over-the- counter trading.", "Shares rose in over-the-counter trading."),
    ("I also have to orga- nise the strike.", "I also have to organise the strike."),
    ("The ICCO says Non- members include the U.S.", "The ICCO says Non-members include the U.S."),
    ("It turned to the U.S.. Talks followed.", "It turned to the U.S. Talks followed."),
    ("It costs €2,50 a day.", "It costs €2.50 a day."),
]


@pytest.mark.parametrize("text,expected", STILL_FIXED)
def test_the_garbles_are_still_fixed(text, expected):
    assert apply(text, applied(text)) == expected


def _model(text: str, span: str, category: str, replacement=None) -> Suggestion:
    start = text.index(span)
    return Suggestion(start, start + len(span), span, replacement, category, "model flag", 0.95, "model")


@pytest.mark.parametrize(
    "text,span,category,replacement",
    [
        ("About 2/3 of March sales came from exports.", "of March", "number-date", "of"),
        ("The meeting began at 08:30 of March 3 in the capital.", "30 of March", "number-date", None),
        ("It bought a foundry in Racine, Wis. for the steel.", "for", "stray-punctuation", None),
        ("Officials in Xi'an, a city in Shaanxi, said so.", "an, a", "stray-punctuation", "an a"),
    ],
)
def test_the_model_is_held_to_the_same_look_alikes(text, span, category, replacement):
    assert lookalike(Document(text), _model(text, span, category, replacement))


def test_the_model_still_may_flag_real_dates():
    text = "The vote is on 3 of March."
    assert not lookalike(Document(text), _model(text, "3 of March", "number-date", "March 3"))


@pytest.mark.parametrize(
    "text",
    [
        "The meeting began at 08:30 of March 3 in the capital.\n",
        "Officials in Xi'an, a city in Shaanxi, said the plan was ready.\n",
    ],
)
def test_fix_leaves_the_issue_examples_alone_with_the_model(text):
    r = run_fixcopy("fix", "-", input=text.encode())
    assert (r.returncode, r.stdout.decode()) == (0, text), r.stderr
