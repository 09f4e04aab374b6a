"""Brand voice: Vale-format rules (a compatible subset) plus social-media rules.

API (used by smm.checks.run)::

    voice = load_voice(brand_dir, brand_cfg)      # compiled once, cached
    voice.check(text, channel=, platform=, lang=, sponsored=, source=, source_line=,
                path=, fields=) -> list[Diagnostic]
    voice.unsupported                             # Voice.Unsupported warnings (rule files)
    rule.plain()                                  # a rule in plain words (brand guide)

Configuration: brand.yaml ``voice:``
------------------------------------

.. code-block:: yaml

    voice:
      styles: [Fernwood]              # folders under brand/styles/, one rule a .yml file
      vocab: [.]                      # folders under brand/vocab/ holding accept.txt and
                                      # reject.txt ("." = brand/vocab itself, the default)
      rules:                          # per rule (Style.Rule) or per style (Style):
        Fernwood.Passive: NO          #   NO/YES, or a level: suggestion, warning, error
        Fernwood.Exclamation: error
      channels:                       # by channel id (or platform); most specific wins
        linkedin: {styles: [Fernwood, FernwoodFormal], rules: {...}}
      languages:                      # by post language ("fr", or "fr-CA" then "fr")
        fr:
          styles: [FernwoodFR]
          vocab: [., fr]
          channels: {linkedin: {styles: [FernwoodFR]}}
      social:                         # rules beyond Vale (rule ids Social.*)
        emoji: {max: 3, channels: {linkedin: {max: 0}}}           # Social.Emoji
        hashtags: {max: 3, required: ["#FernwoodCoffee"], known: [...],
                   camel_case: true, channels: {instagram: {max: 10}}}   # Social.Hashtags
        exclamations: {max: 1}                                    # Social.Exclamation
        disclosure: {required_when: sponsored, any_of: ["#ad", "Paid partnership"]}
        forbidden_claims: [{pattern: "(?i)best coffee in the world", message: "..."}]
        readability: {en: {max_grade: 9}, fr: {min_ease: 60}, min_words: 30}
      tone: [...]                     # read by the brand guide, ignored here

Resolution for one post and channel: styles and vocab come from the most specific of
``languages.<lang>.channels.<channel>``, ``languages.<lang>``, ``channels.<channel>``,
the base; ``rules`` settings merge in that order (later wins). Every social section
takes ``level:`` and (except disclosure, claims, readability) ``channels:`` overrides;
``rules: {Social.Emoji: NO}`` turns one off like any rule.

Rules (brand/styles/<Style>/<Rule>.yml): Vale's keys and check types existence,
substitution, occurrence, repetition, consistency, conditional, capitalization,
metric, readability and spelling (Hunspell dictionaries: smm.checks.voice.spell).
sequence and script load but are not run: each such rule gives one
``Voice.Unsupported`` warning in ``Voice.unsupported``. An unknown key or type, a bad
regex, a missing ``message``: VoiceConfigError (exit 2) with the file and line.

Vale's rules read the post's Markdown as Vale reads it (smm.checks.voice.markup:
blocks, their scopes, code left out, exact positions; scopes with ``&`` and ``~`` as
in smm.checks.voice.scope); the social rules read each channel's rendered text. Every
pattern runs under a time budget (rules.base.TIMEOUT). ``<!-- vale off -->``
switches: smm.checks.voice.source.

Vocabulary: each accept.txt line is a term (a regex) that must be written with that
exact case (rule Vale.Terms, error) and is an exception to every rule taking
``vocab`` (the default); reject.txt terms are errors (Vale.Avoid). Lines starting
with ``#`` are comments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm.checks.voice.errors import VoiceConfigError

if TYPE_CHECKING:
    from smm.checks.voice.engine import Voice, load_voice

__all__ = ["Voice", "VoiceConfigError", "load_voice"]


def __getattr__(name: str) -> Any:
    if name in ("Voice", "load_voice"):
        from smm.checks.voice import engine

        return getattr(engine, name)
    raise AttributeError(name)
