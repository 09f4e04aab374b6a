"""The voice engine: public-style rule files, configuration errors, vocabulary, in-post
switches, channel and language selection, severity overrides, social rules, placement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from voice_helpers import brand, check, load, plain

from smm.checks.voice import VoiceConfigError, load_voice
from smm.errors import ConfigError

HERE = Path(__file__).parent
REPO = HERE.parents[2]

HYPE = """extends: existence
message: "Drop '%s'."
level: warning
ignorecase: true
tokens:
  - epic
  - world-class
"""
SPELL = """extends: substitution
message: "Use '%s' instead of '%s'."
level: error
ignorecase: true
swap:
  expresso: espresso
"""


def rules_of(diags: list[Any]) -> list[str]:
    return [d.rule for d in diags]


# --- public styles, unchanged ------------------------------------------------------------
def test_public_style_rules_load_unchanged_and_fire(tmp_path: Path) -> None:
    styles = {d.name: {p.name: p.read_text(encoding="utf-8") for p in d.glob("*.yml")}
              for d in (HERE / "public").iterdir() if d.is_dir()}
    voice = load(tmp_path, styles)
    post = (
        "# Why We Roast On Mondays\n\n"
        "We are very proud of this lot. It is really good and the beans were roasted "
        "by hand.\n\n"
        "The WBC judges and the SCA agree, see our FAQ.\n\n"
        "Our extraordinarily meticulous characterization methodology necessitates "
        "considerable experimentation with temperature, airflow, development ratios, "
        "environmental humidity, fluctuating atmospheric conditions, geographical "
        "considerations, varietal idiosyncrasies and professional organoleptic "
        "evaluation before every single commercial production batch leaves the roastery "
        "for international distribution.\n")
    got = check(voice, post)
    fired = {d.rule for d in got}
    assert {"write-good.Weasel", "write-good.Passive", "Microsoft.Contractions",
            "Microsoft.SentenceLength", "Microsoft.Acronyms", "Google.Headings",
            "Readability.FleschKincaid"} <= fired
    by = {(d.rule, d.message) for d in got}
    assert ("write-good.Weasel", "'very' is a weasel word!") in by
    assert ("Microsoft.Contractions", "Use 'we're' instead of 'We are'.") in by
    assert ("Microsoft.Acronyms", "'WBC' has no definition.") in by
    assert ("Microsoft.Acronyms", "'FAQ' has no definition.") not in by
    assert ("Google.Headings",
            "'Why We Roast On Mondays' should use sentence-style capitalization.") in by
    head = next(d for d in got if d.rule == "Google.Headings")
    assert (head.line, head.column, head.severity) == (1, 3, "warning")
    passive = next(d for d in got if d.rule == "write-good.Passive")
    assert passive.message.startswith("'were roasted'")
    assert voice.unsupported == []


# --- bad rule files -------------------------------------------------------------------------
BAD = [
    ("unknown key", "extends: existence\nmessage: x\ntokens: [a]\ntokenz: [b]\n", 4,
     "unknown key 'tokenz'"),
    ("bad regex", "extends: existence\nmessage: x\ntokens:\n  - good\n  - 'ba(d'\n", 5,
     "invalid regular expression"),
    ("missing message", "extends: existence\nlevel: error\ntokens: [a]\n", 1,
     "Missing the required 'message' key."),
    ("missing extends", "message: x\ntokens: [a]\n", 1, "Missing the required 'extends'"),
    ("unknown type", "message: x\nextends: existance\ntokens: [a]\n", 2,
     "'extends' key must be one of"),
    ("bad level", "extends: existence\nmessage: x\ntokens: [a]\nlevel: fatal\n", 4,
     "'level' must be one of"),
    ("bad yaml", "extends: existence\nmessage: x\ntokens: [a\nlevel: error\n", 4,
     "invalid YAML"),
    ("bad scope", "extends: existence\nmessage: x\nscope: heading & \ntokens: [a]\n", 3,
     "empty selector"),
    ("bad formula", "extends: metric\nmessage: x\nformula: words / __import__\n"
     "condition: '> 1'\n", 3, "unknown variable"),
    ("code key", "extends: existence\nmessage: x\ncode: true\ntokens: [a]\n", 3, "scope: raw"),
]


@pytest.mark.parametrize(("case", "text", "line", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_rule_file(tmp_path: Path, case: str, text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as e:
        load(tmp_path, {"Test": {"Broken.yml": text}})
    err = e.value
    assert isinstance(err, VoiceConfigError)
    assert err.exit_code == 2
    assert err.path == "brand/styles/Test/Broken.yml"
    assert err.line == line, str(err)
    assert words in err.message
    assert str(err).startswith(f"brand/styles/Test/Broken.yml:{line}: ")


def test_unsupported_types_are_reported_once_not_run(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {
        "Script.yml": "extends: script\nmessage: x\nscript: x\n",
        "Seq.yml": "# a comment\nextends: sequence\nmessage: x\ntokens: []\n",
        "Hype.yml": HYPE}})
    assert [(d.rule, d.path, d.line, d.severity) for d in voice.unsupported] == [
        ("Voice.Unsupported", "brand/styles/Test/Script.yml", 1, "warning"),
        ("Voice.Unsupported", "brand/styles/Test/Seq.yml", 2, "warning")]
    assert "'sequence' rules are not supported" in voice.unsupported[1].message
    assert rules_of(check(voice, "An epic cup.")) == ["Test.Hype"]


# --- vocabulary -------------------------------------------------------------------------------
def test_vocab_terms_avoid_and_exceptions(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {"Hype.yml": HYPE.replace("  - epic\n",
                                                              "  - epic\n  - aeropress\n")}},
                 vocab={"accept.txt": "# brand words\nAeroPress\nFernwood\n",
                        "reject.txt": "cheap\n"})
    got = check(voice, "Brew it in an aeropress. Not cheap, not epic.\n\nFernwood AeroPress.")
    assert [(d.rule, d.column, d.severity, d.message, d.fix) for d in got] == [
        ("Vale.Terms", 15, "error", "Use 'AeroPress' instead of 'aeropress'.", "AeroPress"),
        ("Vale.Avoid", 30, "error", "Avoid using 'cheap'.", None),
        ("Test.Hype", 41, "warning", "Drop 'epic'.", None),
    ]
    # 'aeropress' is a Hype token, but AeroPress is accepted: exactly-cased, it is fine.


def test_vocab_folder_per_language(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {"Hype.yml": HYPE}},
                 voice={"styles": ["Test"], "languages": {"fr": {"vocab": [".", "fr"]}}},
                 vocab={"accept.txt": "Fernwood\n", "fr/reject.txt": "pas cher\n"})
    assert rules_of(check(voice, "Un café pas cher.", lang="fr")) == ["Vale.Avoid"]
    assert rules_of(check(voice, "Un café pas cher.", lang="en")) == []
    assert rules_of(check(voice, "fernwood", lang="fr-FR")) == ["Vale.Terms"]


def test_bad_vocab_regex(tmp_path: Path) -> None:
    with pytest.raises(VoiceConfigError) as e:
        load(tmp_path, {"Test": {"Hype.yml": HYPE}}, vocab={"accept.txt": "ok\n\nba(d\n"})
    assert (e.value.path, e.value.line) == ("brand/vocab/accept.txt", 3)


# --- in-post switches -------------------------------------------------------------------
def test_vale_off_on_and_per_rule_switches(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {"Hype.yml": HYPE, "Spell.yml": SPELL}})
    src = ("An epic expresso.\n"
           "<!-- vale off -->\n"
           "An epic expresso.\n"
           "<!-- vale on -->\n"
           "<!-- vale Test.Hype = NO -->\n"
           "An epic expresso.\n"
           "<!-- vale Test.Hype = YES -->\n"
           "<!-- vale Test = NO -->\n"
           "An epic expresso.\n"
           "<!-- vale Test = YES -->\n"
           "Epic.\n")
    got = check(voice, src, line=10)
    assert [(d.rule, d.line) for d in got] == [
        ("Test.Hype", 10), ("Test.Spell", 10), ("Test.Spell", 15), ("Test.Hype", 20)]


# --- channels, languages, severities ----------------------------------------------------
FR = """extends: substitution
message: "Préférez '%s' à '%s'."
level: warning
ignorecase: true
swap:
  deadline: date limite
"""
FORMAL = """extends: substitution
message: "On LinkedIn, write '%s' instead of '%s'."
level: warning
ignorecase: true
swap:
  gonna: going to
"""


def test_channel_and_language_select_styles(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Base": {"Hype.yml": HYPE}, "Formal": {"Slang.yml": FORMAL},
                            "French": {"Anglicismes.yml": FR}},
                 voice={"styles": ["Base"],
                        "channels": {"linkedin": {"styles": ["Base", "Formal"]}},
                        "languages": {"fr": {"styles": ["French"],
                                             "channels": {"x": {"styles": []}}}}})
    text = "An epic deadline, gonna be fun."
    assert rules_of(check(voice, text, channel="x")) == ["Base.Hype"]
    assert rules_of(check(voice, text, channel="linkedin")) == ["Base.Hype", "Formal.Slang"]
    # by platform, when the channel id differs
    assert rules_of(check(voice, text, channel="company", platform="linkedin")) == [
        "Base.Hype", "Formal.Slang"]
    assert rules_of(check(voice, text, channel="linkedin", lang="fr")) == [
        "French.Anglicismes"]
    assert rules_of(check(voice, text, channel="x", lang="fr")) == []
    fr = check(voice, text, channel="mastodon", lang="fr")
    assert [d.message for d in fr] == ["Préférez 'date limite' à 'deadline'."]


def test_severity_overrides(tmp_path: Path) -> None:
    styles = {"Test": {"Hype.yml": HYPE, "Spell.yml": SPELL}}
    voice = load(tmp_path, styles, voice={
        "styles": ["Test"], "rules": {"Test.Hype": "error", "Test.Spell": False},
        "channels": {"x": {"rules": {"Test.Hype": "NO", "Test.Spell": "suggestion"}}},
        "languages": {"fr": {"rules": {"Test": "off"}}}})
    text = "An epic expresso."
    assert [(d.rule, d.severity) for d in check(voice, text)] == [("Test.Hype", "error")]
    assert [(d.rule, d.severity) for d in check(voice, text, channel="x")] == [
        ("Test.Spell", "suggestion")]
    assert check(voice, text, lang="fr") == []


def test_unknown_rule_in_config_names_brand_yaml_line(tmp_path: Path) -> None:
    bdir, cfg = brand(tmp_path, {"Test": {"Hype.yml": HYPE}})
    (bdir / "brand.yaml").write_text(
        "name: Test\nvoice:\n  styles: [Test]\n  rules:\n    Test.Hyp: error\n",
        encoding="utf-8")
    cfg["voice"] = {"styles": ["Test"], "rules": {"Test.Hyp": "error"}}
    with pytest.raises(VoiceConfigError) as e:
        load_voice(bdir, cfg)
    assert (e.value.path, e.value.line) == ("brand/brand.yaml", 5)
    assert "no rule named 'Test.Hyp'" in e.value.message


@pytest.mark.parametrize(("voice_yaml", "line", "words"), [
    ("  styles: [Test]\n  colour: red\n", 4, "unknown key 'colour'"),
    ("  styles: [Missing]\n", 3, "style 'Missing' has no folder"),
    ("  styles: [Test]\n  rules: {Test.Hype: loud}\n", 4, "must be suggestion"),
    ("  social:\n    forbidden_claims:\n      - pattern: '(unclosed'\n", 5,
     "invalid regular expression"),
    ("  social:\n    emoji: {max: -1}\n", 4, "whole number"),
    ("  social:\n    gifs: {max: 1}\n", 4, "unknown social rule"),
])
def test_bad_voice_section(tmp_path: Path, voice_yaml: str, line: int, words: str) -> None:
    import yaml

    bdir, cfg = brand(tmp_path, {"Test": {"Hype.yml": HYPE}})
    text = "name: Test\nvoice:\n" + voice_yaml
    (bdir / "brand.yaml").write_text(text, encoding="utf-8")
    cfg = yaml.safe_load(text)
    with pytest.raises(VoiceConfigError) as e:
        load_voice(bdir, cfg)
    assert (e.value.path, e.value.line) == ("brand/brand.yaml", line), str(e.value)
    assert words in e.value.message


# --- social rules ------------------------------------------------------------------------
SOCIAL: dict[str, Any] = {
    "emoji": {"max": 2, "channels": {"linkedin": {"max": 0}}},
    "hashtags": {"max": 3, "required": ["#FernwoodCoffee"], "known": ["#ColdBrew"],
                 "camel_case": True, "channels": {"instagram": {"max": 10}}},
    "exclamations": {"max": 1},
    "disclosure": {"required_when": "sponsored", "any_of": ["#ad", "Paid partnership"]},
    "forbidden_claims": [{"pattern": "(?i)best coffee in the world",
                          "message": "We can't prove '%s'."}],
    "readability": {"en": {"max_grade": 9, "min_words": 10}, "fr": {"min_ease": 60,
                                                                     "min_words": 10}},
}


def social_voice(tmp_path: Path, **over: Any) -> Any:
    return load(tmp_path, {"Test": {"Hype.yml": HYPE}},
                voice={"styles": ["Test"], "social": SOCIAL, **over})


def test_social_emoji(tmp_path: Path) -> None:
    voice = social_voice(tmp_path)
    src = "Fresh ☕ and 🎉 and 👩🏽‍🌾 and 🇫🇷. #FernwoodCoffee"
    got = [d for d in check(voice, src) if d.rule == "Social.Emoji"]
    assert [(d.column, d.severity, d.message) for d in got] == [
        (19, "warning", "4 emoji; use at most 2 on this channel.")]
    got = [d for d in check(voice, src, channel="linkedin") if d.rule == "Social.Emoji"]
    assert [(d.column, d.message) for d in got] == [(7, "Remove '☕': no emoji on this channel.")]
    assert not [d for d in check(voice, "Plain © text #FernwoodCoffee")
                if d.rule == "Social.Emoji"]


def test_social_hashtags(tmp_path: Path) -> None:
    voice = social_voice(tmp_path)
    src = "Cold brew season. #coldbrew #Coffee #Summer #homebaristalife"
    got = [(d.column, d.severity, d.message, d.fix) for d in check(voice, src)
           if d.rule == "Social.Hashtags"]
    assert got == [
        (1, "warning", "Add the hashtag #FernwoodCoffee.", None),
        (19, "warning", "Write '#ColdBrew', not '#coldbrew'.", "#ColdBrew"),
        (45, "warning", "4 hashtags; use at most 3 on this channel.", None),
        (45, "suggestion", "Write '#homebaristalife' in CamelCase (#LikeThis): screen "
         "readers then read it word by word.", None),
    ]
    ig = [d.message for d in check(voice, src, channel="instagram")
          if d.rule == "Social.Hashtags"]
    assert not any("at most" in m for m in ig)


def test_social_exclamations_disclosure_claims(tmp_path: Path) -> None:
    voice = social_voice(tmp_path)
    src = "New! Truly the best coffee in the world! #FernwoodCoffee"
    got = [(d.rule, d.column, d.severity, d.message) for d in check(voice, src)]
    assert ("Social.Exclamation", 40, "warning",
            "2 exclamation marks; use at most 1.") in got
    assert ("Social.Claims", 16, "error", "We can't prove 'best coffee in the world'.") in got
    assert "Social.Disclosure" not in {g[0] for g in got}
    spons = check(voice, src, sponsored=True)
    assert [(d.line, d.column, d.severity) for d in spons if d.rule == "Social.Disclosure"] \
        == [(1, 1, "error")]
    ok = check(voice, src + " Paid Partnership with Acme", sponsored=True)
    assert "Social.Disclosure" not in rules_of(ok)


def test_social_readability_per_language(tmp_path: Path) -> None:
    voice = social_voice(tmp_path)
    hard = ("Our extraordinarily meticulous characterization methodology necessitates "
            "considerable experimentation regarding environmental circumstances. "
            "#FernwoodCoffee")
    got = [d for d in check(voice, hard) if d.rule == "Social.Readability"]
    assert len(got) == 1 and got[0].message.startswith("Reading grade ")
    assert got[0].severity == "suggestion"
    easy = "We roast on Monday. You get it on Wednesday. It is fresh and it is good. " \
           "#FernwoodCoffee"
    assert "Social.Readability" not in rules_of(check(voice, easy))
    fr = ("Notre méthodologie extraordinairement méticuleuse nécessite une expérimentation "
          "considérable concernant les circonstances environnementales. #FernwoodCoffee")
    got = [d for d in check(voice, fr, lang="fr") if d.rule == "Social.Readability"]
    assert len(got) == 1 and got[0].message.startswith("Reading ease ")


def test_social_rules_obey_rule_settings(tmp_path: Path) -> None:
    voice = social_voice(tmp_path, rules={"Social.Emoji": "NO", "Social.Claims": "warning"})
    got = check(voice, "☕☕☕ best coffee in the world #FernwoodCoffee")
    assert "Social.Emoji" not in rules_of(got)
    assert [d.severity for d in got if d.rule == "Social.Claims"] == ["warning"]


# --- placement in the Markdown source ------------------------------------------------------
def test_findings_point_into_the_markdown_source(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {"Hype.yml": HYPE, "Spell.yml": SPELL}})
    src = ("An **epic** cup, and another epic one.\n"
           "\n"
           "<!-- channel: x -->\n"
           "Short and epic for X.\n")
    text = "An epic cup, and another epic one."
    got = voice.check(text, channel="mastodon", platform="mastodon", lang="en",
                      sponsored=False, source=src, source_line=7, path="p.md")
    assert [(d.line, d.column) for d in got] == [(7, 6), (7, 30)]
    got = voice.check("Short and epic for X.", channel="x", platform="x", lang="en",
                      sponsored=False, source=src, source_line=7, path="p.md")
    assert [(d.line, d.column, d.channel) for d in got] == [(10, 11, "x")]
    # case-insensitive, then the body's first line when the text is not in the source
    got = voice.check("EPIC. An expresso.", channel="mastodon", platform="mastodon",
                      lang="en", sponsored=False, source="\nWe say epic.\n",
                      source_line=3, path="p.md")
    # Vale's rules read the Markdown: what rendering shows otherwise is not theirs.
    assert [(d.rule, d.line, d.column) for d in got] == [("Test.Hype", 4, 8)]


def test_links_and_mentions_are_not_prose(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {"Hype.yml": HYPE}}, vocab={"accept.txt": "Fernwood\n"})
    src = ("Epic news from @fernwood: https://fernwood.coffee/epic and www.epic.example, "
           "fernwood.coffee/epic...")
    got = check(voice, src)
    assert [(d.rule, d.column) for d in got] == [("Test.Hype", 1)]


def test_negated_scope_and_limit(tmp_path: Path) -> None:
    # As in Vale, a list of scopes is a choice (a heading is `text`); `&` joins.
    src = "# An epic title\n\nepic, epic, epic.\n"
    for scope, want in (("[text, ~heading]", [(1, 6), (3, 1)]),
                        ("text & ~heading", [(3, 1), (3, 7)])):
        rule = HYPE.replace("level: warning\n", f"level: warning\nscope: {scope}\n"
                            "limit: 2\n")
        voice = load(tmp_path, {"Test": {"Hype.yml": rule}})
        assert [(d.line, d.column) for d in check(voice, src)] == want


def test_substitution_replace_action_and_capitalised_fix(tmp_path: Path) -> None:
    rule = ("extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\n"
            "ignorecase: true\naction:\n  name: replace\nswap:\n"
            "  coffee enthusiast: home barista|coffee lover\n  do not: don't\n")
    voice = load(tmp_path, {"Test": {"Words.yml": rule}})
    got = check(voice, "Coffee enthusiast? Do not worry.")
    assert [(d.message, d.fix) for d in got] == [
        ("Use 'home barista' or 'coffee lover' instead of 'Coffee enthusiast'.",
         "Home barista"),
        ("Use 'don't' instead of 'Do not'.", "Don't")]


def test_load_is_cached_and_sees_edits(tmp_path: Path) -> None:
    bdir, cfg = brand(tmp_path, {"Test": {"Hype.yml": HYPE}})
    first = load_voice(bdir, cfg)
    assert load_voice(bdir, cfg) is first
    rule = bdir / "styles" / "Test" / "Hype.yml"
    rule.write_text(HYPE.replace("epic", "grand") + "\n# edited\n", encoding="utf-8")
    second = load_voice(bdir, cfg)
    assert second is not first
    assert rules_of(check(second, "A grand cup.")) == ["Test.Hype"]


# --- the example brand ---------------------------------------------------------------------
def example_config() -> dict[str, Any]:
    import yaml

    cfg = yaml.safe_load((REPO / "brand" / "brand.yaml").read_text(encoding="utf-8")) or {}
    if not cfg.get("voice"):
        cfg.update(yaml.safe_load(
            (REPO / "brand" / "voice.example.yaml").read_text(encoding="utf-8")))
    return cfg


def test_example_brand_loads_and_speaks_fernwood() -> None:
    voice = load_voice(REPO / "brand", example_config())
    assert voice.unsupported == []
    assert len([r for r in voice.rules if r.startswith("Fernwood.")]) >= 12
    kinds = {r.kind for r in voice.rules.values()}
    assert kinds >= {"existence", "substitution", "occurrence", "repetition", "consistency",
                     "conditional", "capitalization", "metric"}
    src = ("# Our Revolutionary New Roast\n\n"
           "This world-class expresso is the the best!! Do not miss it, guys.\n"
           "A pour-over or a pourover? Ask the WBC. #FernwoodCoffee\n")
    got = {d.rule for d in check(voice, src, channel="bluesky")}
    assert {"Fernwood.Hype", "Fernwood.Spelling", "Fernwood.Repetition",
            "Fernwood.Exclamation", "Fernwood.Contractions", "Fernwood.Inclusive",
            "Fernwood.Consistency", "Fernwood.Acronyms", "Fernwood.Headings"} <= got
    fr = ("# Notre Nouveau Café\n\nUn café incroyable! La deadline approche, le café "
          "est est prêt. #FernwoodCoffee\n")
    got_fr = {d.rule for d in check(voice, fr, channel="bluesky", lang="fr")}
    assert {"FernwoodFR.Superlatifs", "FernwoodFR.Espaces", "FernwoodFR.Anglicismes",
            "FernwoodFR.Repetition", "FernwoodFR.Titres"} <= got_fr
    assert not any(r.startswith("Fernwood.") for r in got_fr)
    assert "FernwoodFR.Espaces" not in {
        d.rule for d in check(voice, "Un bon café\u202f! #FernwoodCoffee", lang="fr")}


def test_plain_helper() -> None:
    assert plain("# Title\n\n<!-- vale off -->\nText") == "Title\n\nText"


# --- plain words (the brand guide) ------------------------------------------------------------
def test_rules_in_plain_words_never_show_a_regex(tmp_path: Path) -> None:
    voice = load(tmp_path, {"Test": {
        "Hype.yml": "extends: existence\nmessage: x\ntokens: ['world[- ]class', 'epic', "
                    "'\\w+ly']\n",
        "Swap.yml": "extends: substitution\nmessage: x\nswap:\n  'colou?r': hue\n"
                    "  '(?:cappu|capu)c+ino': cappuccino\n",
        "Heads.yml": "extends: capitalization\nmessage: x\nscope: heading\nmatch: $sentence\n",
        "Long.yml": "extends: occurrence\nmessage: x\nscope: sentence\nmax: 20\n"
                    "token: '[^\\s]+'\n"}}, vocab={"accept.txt": "AeroPress\n"})
    plain = {name: r.plain() for name, r in voice.rules.items()}
    assert plain["Test.Hype"] == "Avoid 'world-class' or 'epic'."
    assert plain["Test.Swap"] == "Write 'hue', not 'color' or 'colour'."
    assert plain["Test.Heads"] == ("Write headings in sentence case (a capital for the "
                                   "first word and names only).")
    assert plain["Test.Long"] == "At most 20 words in a sentence."
    for text in plain.values():
        assert not any(c in text for c in "\\[]+*^$")
